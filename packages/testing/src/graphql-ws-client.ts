import { createClient, type Client, type ClientOptions, type FormattedExecutionResult, type SubscribePayload } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * The one graphql-ws (`graphql-transport-ws`) test client of the repository, on real sockets: the
 * subgraph, gateway and end-to-end tests all open their connections here. Raw sockets are only for
 * tests of the protocol itself (`rawGraphqlWsSocket` and `handshake` in raw-graphql-ws-socket.ts).
 */

/** The graphql-ws URL of a server whose HTTP base URL is `httpUrl` (the gateway and every subgraph serve it at `/graphql`). */
export function graphqlWsUrl(httpUrl: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}/graphql`;
}

/** A `ws` WebSocket class as graphql-ws constructs it. */
export type WebSocketClass = new (address: string | URL, protocols?: string | string[]) => WebSocket;

/** A WebSocket class that sends `headers` on the upgrade request (as the gateway does towards subgraphs, or a client behind a proxy). */
export function webSocketWithHeaders(headers: Readonly<Record<string, string>> | undefined): WebSocketClass {
  if (!headers) return WebSocket;
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  };
}

/** How to connect: graphql-ws's own options, plus the credential and upgrade headers tests use. */
export interface GraphqlWsClientOptions extends Partial<Omit<ClientOptions, 'url'>> {
  /** An access token, sent as `{ authorization: "Bearer <token>" }` in `connection_init` (ignored when `connectionParams` is given). */
  readonly token?: string | undefined;
  /** Headers of the upgrade request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** A graphql-ws client of `url` that never retries (so a refusal or a dropped connection surfaces in the test) and connects on its first subscription. */
export function graphqlWsClient(url: string, options: GraphqlWsClientOptions = {}): Client {
  const { token, headers, ...clientOptions } = options;
  const connectionParams = clientOptions.connectionParams ?? (token ? { authorization: `Bearer ${token}` } : undefined);
  return createClient({
    url,
    webSocketImpl: webSocketWithHeaders(headers),
    retryAttempts: 0,
    lazy: true,
    ...clientOptions,
    ...(connectionParams ? { connectionParams } : {}),
  });
}

/** What one subscription has received so far. */
export interface Collected<T> {
  /** Every `next` payload, in order. */
  readonly results: FormattedExecutionResult<T, unknown>[];
  /** The error the subscription ended with (GraphQL errors of a refusal, or a close event), if it did. */
  readonly errors: unknown[];
  /** True once the server completed the subscription. */
  readonly completed: boolean;
  /** Settles when the subscription ends (with its error, if any). */
  readonly done: Promise<unknown>;
  /** Ends the subscription. */
  stop(): void;
}

/** Subscribes and collects what arrives until the subscription ends or `stop` is called. */
export function collect<T = Record<string, any>>(client: Client, query: string, variables: Record<string, unknown> = {}): Collected<T> {
  const results: FormattedExecutionResult<T, unknown>[] = [];
  const errors: unknown[] = [];
  let completed = false;
  let ended: (error?: unknown) => void = () => {};
  const done = new Promise<unknown>((resolve) => (ended = resolve));
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => void results.push(result),
      error: (error) => {
        errors.push(error);
        ended(error);
      },
      complete: () => {
        completed = true;
        ended();
      },
    },
  );
  return {
    results,
    errors,
    get completed() {
      return completed;
    },
    done,
    stop,
  };
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
