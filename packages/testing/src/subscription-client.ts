import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client (protocol `graphql-transport-ws`) that sends `headers` on the upgrade request, as the gateway does. */
export function subscriptionClient(url: string, headers: Record<string, string>): Client {
  class HeaderWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return createClient({ url, webSocketImpl: HeaderWebSocket, retryAttempts: 0, lazy: true });
}

/** Collects the results of one subscription until it ends; `done` settles then, `stop` ends it. */
export function collect<T = Record<string, any>>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const results: FormattedExecutionResult<T, unknown>[] = [];
  let ended: (error?: unknown) => void = () => {};
  const done = new Promise<unknown>((resolve) => (ended = resolve));
  const stop = client.subscribe<T>({ query, variables }, { next: (result) => results.push(result), error: (error) => ended(error), complete: () => ended() });
  return { results, done, stop };
}

/** Resolves once `predicate` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
