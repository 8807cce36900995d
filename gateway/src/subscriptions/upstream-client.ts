import { ErrorCode, identityHeader, type Identity, type Logger } from '@cryptograph/core/base';
import type { GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { setTimeout as delay } from 'node:timers/promises';
import WebSocket from 'ws';
import { RetrySchedule, upstreamRetryBounds, type RetryBounds } from './retry-schedule.js';
import type { StreamLifecycle } from './stream-lifecycle.js';

/** Receives what one upstream subscription yields: its events (data and errors), and how it ends or recovers. */
export interface UpstreamSink extends StreamLifecycle {
  next(data: Record<string, unknown>, errors: readonly GraphQLFormattedError[] | undefined): void;
}

/** One subscription request sent to a subgraph. */
export interface UpstreamRequest {
  readonly query: string;
  /** Sent as is on every (re)subscribe, so changes made to it between retries are what the subgraph sees next. */
  readonly variables: Record<string, unknown>;
  readonly operationName: string | undefined;
}

/** Timing of the upstream connections; the defaults suit production, tests shorten them. */
export interface UpstreamTiming {
  /** Interval of pings to the subgraph. */
  readonly keepAliveMs: number;
  /** How long a ping may wait for its pong before the connection counts as dead. */
  readonly pongTimeoutMs: number;
  /** How long the subgraph may take to acknowledge `connection_init`. */
  readonly ackTimeoutMs: number;
  /** Reconnect backoff. */
  readonly retry: RetryBounds;
}

/** What the upstream connector needs. */
export interface UpstreamOptions {
  /** GraphQL (http) URL of each subgraph. */
  readonly subgraphUrls: () => Readonly<Record<string, string>>;
  readonly signIdentity: (identity: Identity, subgraph: string) => Promise<string>;
  readonly logger: Logger;
  readonly timing?: Partial<UpstreamTiming>;
}

const defaultTiming: UpstreamTiming = { keepAliveMs: 10_000, pongTimeoutMs: 5_000, ackTimeoutMs: 5_000, retry: upstreamRetryBounds };

/** The subgraph's WebSocket URL for its http GraphQL URL, or null when that is not a usable URL. */
function webSocketUrl(httpUrl: string | undefined): string | null {
  if (!httpUrl) return null;
  try {
    const url = new URL(httpUrl.replace(/^http/, 'ws'));
    return url.protocol === 'ws:' || url.protocol === 'wss:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A subgraph's own errors for an operation arrive as an array; anything else is a failed connection. */
function isOperationErrors(error: unknown): error is GraphQLFormattedError[] {
  return Array.isArray(error);
}

/** What a failed connection was, for logs: its close code and reason, or the socket error's message. */
function describeFailure(error: unknown): Record<string, unknown> {
  const { code, reason, message } = (error ?? {}) as { code?: unknown; reason?: unknown; message?: unknown };
  return typeof code === 'number'
    ? { code, reason: typeof reason === 'string' ? reason : '' }
    : { reason: typeof message === 'string' ? message : String(error) };
}

/** The error subscribers see while their subgraph cannot be reached. */
export function unavailableErrors(subgraph: string): GraphQLFormattedError[] {
  return [
    {
      message: `The ${subgraph} service is unavailable; this subscription resumes when it is back.`,
      extensions: { code: ErrorCode.DOWNSTREAM_SERVICE_ERROR, serviceName: subgraph },
    },
  ];
}

interface UpstreamConnection {
  readonly client: Client;
  readonly retry: RetrySchedule;
  /** Retries of interrupted subscriptions in flight: `connected` restores them. */
  readonly restoring: Set<() => void>;
  active: number;
  /** Whether the last attempt failed (an outage is logged once, at its start). */
  down: boolean;
}

/**
 * Opens subscriptions on subgraphs over graphql-ws (graphql-transport-ws). One WebSocket per
 * subgraph and caller scope carries all of that scope's subscriptions; each (re)connect signs a
 * fresh identity for the upgrade request's header. Whatever the connection suffers (refused,
 * closed, a close code, no acknowledgement, no pong, frames that break the protocol), its
 * subscriptions are told `interrupted` and retried with capped exponential backoff, sharing one
 * timer and one new connection; only the subgraph's own `error` or `complete` for an operation
 * ends it. graphql-ws' own retries are off because it gives up on some close codes for good.
 */
export function createUpstreamConnector(options: UpstreamOptions) {
  const timing: UpstreamTiming = { ...defaultTiming, ...options.timing };
  const connections = new Map<string, UpstreamConnection>();
  let closed = false;

  function connectionFor(subgraph: string, scope: string, identity: Identity, url: string): { key: string; connection: UpstreamConnection } {
    const key = `${subgraph}\n${scope}`;
    const existing = connections.get(key);
    if (existing) return { key, connection: existing };
    let identityToken = '';
    let pongTimer: NodeJS.Timeout | undefined;
    const client: Client = createClient({
      // Never throws: graphql-ws runs this where a rejection would go unhandled and the connect hang.
      url: async () => {
        identityToken = await options.signIdentity(identity, subgraph).catch((error: unknown) => {
          options.logger.error({ err: error, subgraph }, 'signing the identity for an upstream subscription failed');
          return '';
        });
        return url;
      },
      webSocketImpl: class IdentifiedWebSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { [identityHeader]: identityToken } });
        }
      },
      lazy: true,
      lazyCloseTimeout: 5_000,
      keepAlive: timing.keepAliveMs,
      connectionAckWaitTimeout: timing.ackTimeoutMs,
      retryAttempts: 0,
      on: {
        // graphql-ws pings but does not notice a missing pong: a subgraph that stopped answering is dropped here.
        ping: (received) => {
          if (received) return;
          clearTimeout(pongTimer);
          pongTimer = setTimeout(() => client.terminate(), timing.pongTimeoutMs);
        },
        pong: (received) => {
          if (received) clearTimeout(pongTimer);
        },
        closed: () => clearTimeout(pongTimer),
        connected: () => {
          if (connection.down) options.logger.info({ subgraph }, 'upstream subscription connection restored');
          connection.down = false;
          connection.retry.succeeded();
          const restored = [...connection.restoring];
          connection.restoring.clear();
          for (const restore of restored) restore();
        },
      },
    });
    const connection: UpstreamConnection = { client, retry: new RetrySchedule(timing.retry), restoring: new Set(), active: 0, down: false };
    connections.set(key, connection);
    return { key, connection };
  }

  function release(key: string, connection: UpstreamConnection): void {
    connection.active -= 1;
    if (connection.active > 0 || connections.get(key) !== connection) return;
    connections.delete(key);
    connection.retry.cancel();
    void dispose(connection.client);
  }

  /** Closes a client; one that never connected rejects its dispose, which is fine: there is nothing to close. */
  async function dispose(client: Client): Promise<void> {
    try {
      await client.dispose();
    } catch {
      // The connection never opened (or already failed): there is nothing to close.
    }
  }

  return {
    /** Subscribes on `subgraph` as `identity`; returns the unsubscribe function. */
    subscribe(subgraph: string, scope: string, identity: Identity, request: UpstreamRequest, sink: UpstreamSink): () => void {
      const url = webSocketUrl(options.subgraphUrls()[subgraph]);
      if (!url) {
        options.logger.error({ subgraph }, 'no usable URL for the subgraph of a subscription');
        sink.error(unavailableErrors(subgraph));
        return () => {};
      }
      const { key, connection } = connectionFor(subgraph, scope, identity, url);
      connection.active += 1;
      let ended = false;
      let interrupted = false;
      let current: (() => void) | undefined;
      let cancelRetry: (() => void) | undefined;

      const end = () => {
        ended = true;
        cancelRetry?.();
        connection.restoring.delete(restore);
        release(key, connection);
      };
      const restore = () => {
        if (ended || !interrupted) return;
        interrupted = false;
        sink.restored();
      };
      const attempt = () => {
        if (ended || closed) return;
        let failed = false;
        // A retry that finds the connection up again rides on it at once; otherwise `connected` restores it.
        if (interrupted && !connection.down) queueMicrotask(restore);
        else if (interrupted) connection.restoring.add(restore);
        const dispose = connection.client.subscribe<Record<string, unknown>>(
          { query: request.query, variables: request.variables, operationName: request.operationName },
          {
            next: (result) => {
              if (ended || failed) return;
              sink.next((result.data ?? {}) as Record<string, unknown>, result.errors as GraphQLFormattedError[] | undefined);
            },
            error: (error) => {
              if (ended || failed || closed) return;
              if (isOperationErrors(error)) {
                end();
                sink.error(error.map((item) => ({ ...item, extensions: { ...item.extensions, serviceName: subgraph } })));
                return;
              }
              failed = true;
              // graphql-ws keeps this attempt's hold on the connection after a failure until it is disposed.
              dispose();
              connection.restoring.delete(restore);
              if (!connection.down) options.logger.warn({ subgraph, ...describeFailure(error) }, 'upstream subscription connection lost; retrying');
              else options.logger.debug({ subgraph, failures: connection.retry.failures, ...describeFailure(error) }, 'upstream subscription retry failed');
              connection.down = true;
              if (!interrupted) {
                interrupted = true;
                sink.interrupted(unavailableErrors(subgraph));
              }
              cancelRetry = connection.retry.schedule(attempt);
            },
            complete: () => {
              if (ended || failed) return;
              end();
              sink.complete();
            },
          },
        );
        current = dispose;
      };
      attempt();
      return () => {
        if (ended) return;
        end();
        current?.();
      };
    },
    /** Closes every upstream socket. */
    async close(): Promise<void> {
      closed = true;
      const closing = [...connections.values()];
      connections.clear();
      for (const connection of closing) connection.retry.cancel();
      // A socket still connecting (to an address that does not answer) is not waited for.
      await Promise.race([Promise.all(closing.map((connection) => dispose(connection.client))), delay(1_000, undefined, { ref: false })]);
      for (const connection of closing) connection.client.terminate();
    },
  };
}

/** The upstream connector's interface. */
export type UpstreamConnector = ReturnType<typeof createUpstreamConnector>;
