import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { RefreshSessionDocument } from '../../generated/graphql';
import { SessionManager, SessionRejected, type SessionStorage } from '../auth/session-manager';
import { refreshSocketCredential, type MessageSocket } from './socket-credential-refresh';

/** The GraphQL clients of the app and the session they authenticate with. */
export interface Api {
  /** urql client: queries and mutations over HTTP, subscriptions over graphql-ws. */
  readonly client: Client;
  /** The signed-in user's tokens. */
  readonly session: SessionManager;
  /** The graphql-ws client (tests and the connection indicator use it). */
  readonly ws: WsClient;
  /** Calls `listener` with true when the WebSocket is connected, false when it dropped. */
  onConnection(listener: (connected: boolean) => void): () => void;
}

/** Where the gateway is: the page's own origin unless told otherwise. */
export interface ApiEndpoints {
  readonly httpUrl: string;
  readonly wsUrl: string;
}

/** The gateway's endpoints on the origin that served the page. */
export function sameOriginEndpoints(location: Location): ApiEndpoints {
  const wsProtocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { httpUrl: `${location.origin}/graphql`, wsUrl: `${wsProtocol}//${location.host}/graphql` };
}

async function isUnauthenticated(response: Response): Promise<boolean> {
  if (response.status === 401) return true;
  try {
    const body = (await response.clone().json()) as { errors?: { extensions?: { code?: string } }[] };
    return body.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED') ?? false;
  } catch {
    return false;
  }
}

/**
 * Builds the app's clients: every HTTP request carries a fresh access token (retried once after a
 * refresh when the server says UNAUTHENTICATED), the WebSocket authenticates in `connection_init`,
 * keeps its credential fresh while it is open (a rotated token is sent in a graphql-ws ping, so a
 * dashboard left open for hours never drops its subscriptions), and reconnects with the new
 * identity whenever the user changes. The socket does not retry by itself: dropped subscriptions
 * error out and `keepSubscribed` resubscribes with fresh variables (so the prediction feed resumes
 * after the last id it saw).
 */
export function createApi(endpoints: ApiEndpoints, storage: SessionStorage): Api {
  const authClient = new Client({ url: endpoints.httpUrl, exchanges: [fetchExchange], preferGetMethod: false, requestPolicy: 'network-only' });
  const session = new SessionManager(storage, async (refreshToken) => {
    const result = await authClient.mutation(RefreshSessionDocument, { refreshToken }).toPromise();
    if (result.data) return result.data.refreshToken;
    if (result.error?.graphQLErrors.length) throw new SessionRejected(result.error.graphQLErrors[0]!.message);
    throw result.error ?? new Error('refresh failed');
  });

  const connectionListeners = new Set<(connected: boolean) => void>();
  const credential = refreshSocketCredential(session);
  const ws = createWsClient({
    url: endpoints.wsUrl,
    lazy: true,
    retryAttempts: 0,
    connectionParams: async () => {
      const token = await session.accessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connected: (socket) => {
        credential.connected(socket as MessageSocket);
        connectionListeners.forEach((listener) => listener(true));
      },
      closed: () => {
        credential.closed();
        connectionListeners.forEach((listener) => listener(false));
      },
    },
  });
  let userId = session.state.user?.id ?? null;
  session.subscribe((state) => {
    const next = state.user?.id ?? null;
    if (next !== userId) ws.terminate();
    userId = next;
  });

  const authFetch: typeof fetch = async (input, init) => {
    const send = (token: string | null) => {
      const headers = new Headers(init?.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    const token = await session.accessToken();
    const response = await send(token);
    if (!token || !(await isUnauthenticated(response))) return response;
    return send(await session.refresh());
  };

  const client = new Client({
    url: endpoints.httpUrl,
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetch: authFetch,
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });

  return {
    client,
    session,
    ws,
    onConnection: (listener) => {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
}
