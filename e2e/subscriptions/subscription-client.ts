import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** What one client subscription has received so far. */
export interface Received<T = any> {
  readonly events: T[];
  readonly errors: unknown[];
  completed: boolean;
  /** Stops the subscription. */
  stop(): void;
}

/** A graphql-ws client of the gateway, authenticated with `token` when given. */
export function gatewayClient(gatewayUrl: string, token?: string, extra: Partial<Parameters<typeof createClient>[0]> = {}): Client {
  return createClient({
    url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    ...extra,
  });
}

/** Subscribes and collects `next` payloads and errors. */
export function collect<T = any>(client: Client, query: string, variables?: Record<string, unknown>): Received<T> {
  const received: Received<T> = { events: [], errors: [], completed: false, stop: () => {} };
  received.stop = client.subscribe<T>({ query, variables }, {
    next: (value) => received.events.push(value as T),
    error: (error) => received.errors.push(error),
    complete: () => {
      received.completed = true;
    },
  });
  return received;
}

/** Waits until `condition` holds (polling), failing with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
