// E2E support: graphql-ws clients and raw graphql-transport-ws handshakes on real sockets.
import { createClient, type Client, type FormattedExecutionResult, type SubscribePayload } from 'graphql-ws';
import WebSocket from 'ws';

/** The gateway's graphql-ws URL for its HTTP base URL. */
export function wsUrlOf(gatewayUrl: string): string {
  return `${gatewayUrl.replace(/^http/, 'ws')}/graphql`;
}

/** What happened to a raw connection_init: acknowledged, or closed with a code. */
export type HandshakeOutcome = { readonly acknowledged: true } | { readonly acknowledged: false; readonly code: number; readonly reason: string };

/** Opens a raw graphql-transport-ws socket, sends connection_init with `payload` and reports the server's answer. */
export function handshake(url: string, payload: Record<string, unknown> | undefined): Promise<HandshakeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', ...(payload ? { payload } : {}) })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string };
      if (message.type === 'connection_ack') {
        resolve({ acknowledged: true });
        socket.close(1000);
      }
    });
    socket.on('close', (code, reason) => resolve({ acknowledged: false, code, reason: String(reason) }));
    socket.on('error', reject);
  });
}

/** A graphql-ws client on real sockets that never retries (so failures surface). */
export function wsClient(url: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, ...(connectionParams ? { connectionParams } : {}) });
}

/** How one operation over the socket ended: a result, or an error (GraphQL errors, or a close event). */
export type WsOutcome = { readonly result: FormattedExecutionResult<any, unknown> } | { readonly error: unknown };

/** Marks an operation the server never answered within `runOverSocket`'s time limit. */
export const noAnswer = 'no answer from the server';

/** Runs one operation over `client` and waits (at most `timeoutMs`) for it to complete or fail; silence becomes `{ error: noAnswer }`. */
export function runOverSocket(client: Client, payload: SubscribePayload, timeoutMs = 5_000): Promise<WsOutcome> {
  return new Promise((resolve) => {
    let last: FormattedExecutionResult<any, unknown> | undefined;
    const timer = setTimeout(() => {
      unsubscribe();
      resolve({ error: noAnswer });
    }, timeoutMs);
    const unsubscribe = client.subscribe(payload, {
      next: (value) => {
        last = value;
      },
      error: (error) => {
        clearTimeout(timer);
        resolve({ error });
      },
      complete: () => {
        clearTimeout(timer);
        resolve({ result: last ?? {} });
      },
    });
  });
}
