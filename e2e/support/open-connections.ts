// E2E support: long-lived connections of one caller on a gateway (a raw graphql-ws socket, a graphql-sse stream in each mode), each running a
// subscription, recording what arrives and when the connection ended.
import type { FormattedExecutionResult } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { graphqlWsUrl, rawGraphqlWsSocket, waitFor, type RawGraphqlWsMessage } from '@cryptograph/testing';
import { connectionParamsOf, headersOf, type Caller } from './transports.js';

/** The subscription every open connection runs. */
export const priceSubscription = 'subscription { priceUpdated(symbols: ["BTC"]) { price } }';

/** One open connection running `priceSubscription`: what it received and when (and how) it ended. */
export interface OpenConnection {
  readonly kind: 'WebSocket' | 'SSE stream' | 'SSE single connection';
  /** `next` payloads of the subscription. */
  readonly results: FormattedExecutionResult[];
  /** Errors the subscription ended with (graphql-ws `error`, or an SSE `next` with errors). */
  readonly errors: () => readonly { message: string; extensions?: Record<string, unknown> }[];
  /** When the connection ended (ms since the epoch) and its WebSocket close code; undefined while open. */
  readonly ended: () => { at: number; code?: number } | undefined;
  close(): void;
}

/** A raw graphql-transport-ws socket of `caller` running the price subscription; `send` puts more messages on it. */
export async function openSocket(
  gatewayUrl: string,
  caller: Caller,
): Promise<OpenConnection & { send(message: Record<string, unknown>): void; messages: readonly RawGraphqlWsMessage[] }> {
  const socket = rawGraphqlWsSocket(graphqlWsUrl(gatewayUrl), connectionParamsOf(caller));
  const { messages } = socket;
  await socket.handshake;
  socket.send({ id: 'prices', type: 'subscribe', payload: { query: priceSubscription } });
  return {
    kind: 'WebSocket',
    messages,
    get results() {
      return messages.filter((message) => message.id === 'prices' && message.type === 'next').map((message) => message.payload as FormattedExecutionResult);
    },
    errors: () => (messages.find((message) => message.id === 'prices' && message.type === 'error')?.payload as never) ?? [],
    ended: () => {
      const closed = socket.closeEvent();
      return closed && { at: closed.at, code: closed.code };
    },
    send: (message) => socket.send(message),
    close: () => socket.terminate(),
  };
}

/** A graphql-sse stream of `caller` (distinct connections mode, or one reserved stream in single connection mode) running the price subscription. */
export function openStream(gatewayUrl: string, caller: Caller, mode: 'distinct' | 'single'): OpenConnection {
  const client = createSseClient({ url: `${gatewayUrl}/graphql/stream`, headers: headersOf(caller), retryAttempts: 0, singleConnection: mode === 'single' });
  const results: FormattedExecutionResult[] = [];
  let ended: { at: number } | undefined;
  client.subscribe(
    { query: priceSubscription },
    {
      next: (result) => void results.push(result as FormattedExecutionResult),
      error: () => (ended ??= { at: Date.now() }),
      complete: () => (ended ??= { at: Date.now() }),
    },
  );
  return {
    kind: mode === 'single' ? 'SSE single connection' : 'SSE stream',
    results,
    errors: () => results.flatMap((result) => result.errors ?? []) as never,
    ended: () => ended,
    close: () => client.dispose(),
  };
}

/** Opens one connection of each kind for `caller` and waits until the gateway runs their three subscriptions (`subscribers` counts them). */
export async function openEveryKind(gatewayUrl: string, caller: Caller, subscribers: () => number): Promise<OpenConnection[]> {
  const before = subscribers();
  const connections = [await openSocket(gatewayUrl, caller), openStream(gatewayUrl, caller, 'distinct'), openStream(gatewayUrl, caller, 'single')];
  await waitFor(() => subscribers() === before + 3, 'the three subscriptions on the gateway');
  return connections;
}

/** Milliseconds from `since` until each connection ended, e.g. `WebSocket 4403 after 31 ms, SSE stream after 33 ms`. */
export function describeEnds(connections: readonly OpenConnection[], since: number): string {
  return connections
    .map((connection) => `${connection.kind}${connection.ended()?.code ? ` ${connection.ended()!.code}` : ''} after ${connection.ended()!.at - since} ms`)
    .join(', ');
}
