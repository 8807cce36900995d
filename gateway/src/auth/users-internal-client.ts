import { identityHeader, type Identity } from '@cryptograph/core/base';

/** Signs an identity for the named subgraph (its audience). */
export type SignIdentity = (identity: Identity, subgraph: string) => Promise<string>;

/** The users subgraph did not answer an internal request (down, slow, or an unexpected status). */
export class UsersServiceUnavailable extends Error {
  override name = 'UsersServiceUnavailable';
}

/** How the gateway reaches the users subgraph's internal routes. */
export interface UsersInternalClientOptions {
  /** The users subgraph's GraphQL URL (known once the gateway has built its subgraph clients). */
  readonly usersUrl: () => string | undefined;
  readonly signIdentity: SignIdentity;
  /** How long one request may take (default 5 s). */
  readonly timeoutMs?: number;
}

/** Calls the users subgraph's internal routes (API key verification, session state, public keys) as the gateway. */
export interface UsersInternalClient {
  /**
   * Sends `body` (GET without one) to `path` with the gateway's identity carrying `scope`; resolves with the JSON
   * answer, or throws UsersServiceUnavailable.
   */
  request<T>(path: string, scope: string, body?: unknown): Promise<T>;
}

/** Builds the client; every request carries a fresh gateway identity for the users audience with one scope. */
export function createUsersInternalClient(options: UsersInternalClientOptions): UsersInternalClient {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return {
    async request<T>(path: string, scope: string, body?: unknown): Promise<T> {
      const usersUrl = options.usersUrl();
      if (!usersUrl) throw new UsersServiceUnavailable('The users subgraph URL is not known yet.');
      const identity: Identity = { userId: null, role: null, scopes: [scope], clientAddress: 'gateway' };
      const headers: Record<string, string> = { [identityHeader]: await options.signIdentity(identity, 'users') };
      if (body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await fetch(new URL(path, usersUrl), {
          method: body === undefined ? 'GET' : 'POST',
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (cause) {
        throw new UsersServiceUnavailable(`The users subgraph did not answer ${path}.`, { cause });
      }
      if (!response.ok) throw new UsersServiceUnavailable(`The users subgraph answered ${path} with HTTP ${response.status}.`);
      try {
        return (await response.json()) as T;
      } catch (cause) {
        throw new UsersServiceUnavailable(`The users subgraph answered ${path} with a body that is not JSON.`, { cause });
      }
    },
  };
}
