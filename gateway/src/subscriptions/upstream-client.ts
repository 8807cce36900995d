import { identityHeader, type Identity, type Logger } from '@cryptograph/core';
import type { GraphQLFormattedError } from 'graphql';
import { CloseCode, createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** Receives what one upstream subscription yields. */
export interface UpstreamSink {
  next(data: Record<string, unknown>, errors: readonly GraphQLFormattedError[] | undefined): void;
  error(errors: readonly GraphQLFormattedError[]): void;
  complete(): void;
}

/** One subscription request sent to a subgraph. */
export interface UpstreamRequest {
  readonly query: string;
  readonly variables: Record<string, unknown>;
  readonly operationName: string | undefined;
}

/** What the upstream connector needs. */
export interface UpstreamOptions {
  /** GraphQL (http) URL of each subgraph. */
  readonly subgraphUrls: () => Readonly<Record<string, string>>;
  readonly signIdentity: (identity: Identity, subgraph: string) => Promise<string>;
  readonly logger: Logger;
}

/** Close codes after which reconnecting cannot help. */
const finalCloseCodes: ReadonlySet<number> = new Set([CloseCode.BadRequest, CloseCode.Unauthorized, CloseCode.Forbidden, CloseCode.SubprotocolNotAcceptable, CloseCode.SubscriberAlreadyExists]);
const maxRetryWaitMs = 10_000;

/** Converts a subgraph's http GraphQL URL into its WebSocket URL. */
function webSocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

function isFinalClose(errorOrClose: unknown): boolean {
  const code = (errorOrClose as { code?: unknown } | null)?.code;
  return typeof code === 'number' && finalCloseCodes.has(code);
}

/**
 * Opens subscriptions on subgraphs over graphql-ws (graphql-transport-ws). One WebSocket per
 * subgraph and caller scope carries all of that scope's subscriptions; each (re)connect signs a
 * fresh identity for the upgrade request's header. Lost connections are retried with capped
 * exponential backoff and jitter, and graphql-ws re-subscribes the active operations.
 */
export function createUpstreamConnector(options: UpstreamOptions) {
  const clients = new Map<string, { client: Client; active: number }>();

  function clientFor(subgraph: string, scope: string, identity: Identity) {
    const key = `${subgraph}\n${scope}`;
    let entry = clients.get(key);
    if (entry) return { key, entry };
    let identityToken = '';
    const client = createClient({
      url: async () => {
        const url = options.subgraphUrls()[subgraph];
        if (!url) throw new Error(`No URL for subgraph "${subgraph}"`);
        identityToken = await options.signIdentity(identity, subgraph);
        return webSocketUrl(url);
      },
      webSocketImpl: class IdentifiedWebSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { [identityHeader]: identityToken } });
        }
      },
      lazy: true,
      lazyCloseTimeout: 5_000,
      keepAlive: 15_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: (errorOrClose) => !isFinalClose(errorOrClose),
      retryWait: async (retries) => {
        const wait = Math.min(maxRetryWaitMs, 250 * 2 ** retries);
        await new Promise((resolve) => setTimeout(resolve, wait / 2 + Math.random() * (wait / 2)));
      },
      on: {
        closed: (event) => options.logger.debug({ subgraph, code: (event as { code?: number }).code }, 'upstream subscription socket closed'),
      },
    });
    entry = { client, active: 0 };
    clients.set(key, entry);
    return { key, entry };
  }

  return {
    /** Subscribes on `subgraph` as `identity`; returns the unsubscribe function. */
    subscribe(subgraph: string, scope: string, identity: Identity, request: UpstreamRequest, sink: UpstreamSink): () => void {
      const { key, entry } = clientFor(subgraph, scope, identity);
      entry.active += 1;
      const dispose = entry.client.subscribe<Record<string, unknown>>(
        { query: request.query, variables: request.variables, operationName: request.operationName },
        {
          next: (result) => sink.next((result.data ?? {}) as Record<string, unknown>, result.errors as GraphQLFormattedError[] | undefined),
          error: (error) => {
            const errors = Array.isArray(error)
              ? (error as GraphQLFormattedError[])
              : [{ message: `The ${subgraph} service ended the subscription.`, extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: subgraph } }];
            sink.error(errors.map((item) => ({ ...item, extensions: { ...item.extensions, serviceName: subgraph } })));
          },
          complete: () => sink.complete(),
        },
      );
      let unsubscribed = false;
      return () => {
        if (unsubscribed) return;
        unsubscribed = true;
        dispose();
        entry.active -= 1;
        if (entry.active === 0 && clients.get(key) === entry) {
          clients.delete(key);
          void entry.client.dispose();
        }
      };
    },
    /** Closes every upstream socket. */
    async close(): Promise<void> {
      await Promise.all([...clients.values()].map((entry) => entry.client.dispose()));
      clients.clear();
    },
  };
}

/** The upstream connector's interface. */
export type UpstreamConnector = ReturnType<typeof createUpstreamConnector>;
