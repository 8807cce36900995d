import { accessTokenKeysPath, accessTokenKeysScope } from '@cryptograph/core/base';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRemoteJWKSet, customFetch, errors as joseErrors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { UsersServiceUnavailable, type UsersInternalClient } from './users-internal-client.js';

/** The public keys access tokens are verified with, as the users subgraph publishes them. */
export interface AccessTokenKeys {
  /** Picks the key of a token by its `kid` (jose key resolver); an unknown `kid` fetches the keys again. */
  readonly resolve: JWTVerifyGetKey;
  /** The current key set, for `GET /.well-known/jwks.json`; fetched when none is cached or it is stale. */
  publicKeys(): Promise<JSONWebKeySet>;
}

/** Options of the key cache. */
export interface AccessTokenKeysOptions {
  readonly users: UsersInternalClient;
  /** How long a fetched key set is used before it is fetched again (default 5 minutes). */
  readonly maxAgeMs?: number;
  /**
   * Shortest time between the starts of two fetches caused by unknown key ids (default 1 s); a token with a newer key
   * waits for the next one instead of failing.
   */
  readonly cooldownMs?: number;
}

/** jose wants a URL to name the key set; the custom fetch reaches the users subgraph through the internal client instead. */
const jwksUrl = new URL(`http://users.internal${accessTokenKeysPath}`);

/**
 * Caches the users subgraph's JWKS with jose's remote key set: the keys are fetched on first use and
 * refreshed after `maxAgeMs`. A token naming a key id the cached set lacks (a new key after a
 * rotation, another replica's key) is decided against a key set whose fetch started after the token
 * arrived, so a fetch already under way when the key was published cannot refuse it. jose fetches at
 * once when its last fetch is older than `cooldownMs`; otherwise this starts the fetch, at most once
 * per `cooldownMs`, and every token waiting shares it: none is refused just because a fetch is
 * cooling down or running for another token. A failed fetch is UsersServiceUnavailable (answered as
 * a downstream error), never "invalid token".
 */
export function createAccessTokenKeys(options: AccessTokenKeysOptions): AccessTokenKeys {
  const cooldownMs = options.cooldownMs ?? 1_000;
  // jose runs one fetch at a time, so fetches succeed in the order they start: a token that arrived
  // when `fetchesStarted` was n is decided once fetch n + 1 (or a later one) succeeded and is in use.
  let fetchesStarted = 0;
  let fetchesSucceeded = 0;
  // When a fetch for unknown key ids last started here (jose's own fetches on first use and after `maxAgeMs` do not count).
  let lastRefetchAt = Number.NEGATIVE_INFINITY;
  const remote = createRemoteJWKSet(jwksUrl, {
    cacheMaxAge: options.maxAgeMs ?? 300_000,
    cooldownDuration: cooldownMs,
    [customFetch]: async () => {
      const sequence = ++fetchesStarted;
      try {
        const keySet = await options.users.request<JSONWebKeySet>(accessTokenKeysPath, accessTokenKeysScope);
        fetchesSucceeded = Math.max(fetchesSucceeded, sequence);
        return Response.json(keySet);
      } catch (error) {
        if (error instanceof UsersServiceUnavailable) throw error;
        throw new UsersServiceUnavailable('The access token keys could not be fetched.', { cause: error });
      }
    },
  });

  /**
   * Waits until a key set fetched after fetch number `arrival` is in use: joins a running fetch, or starts one once the
   * cooldown since the last one started here is over.
   */
  async function keysFetchedAfter(arrival: number): Promise<void> {
    // `reloading` stays true until jose has put the fetched set in use, so leaving the loop means the set is in use.
    while (fetchesSucceeded <= arrival || remote.reloading) {
      if (remote.reloading) {
        await remote.reload();
        continue;
      }
      const cooldownLeftMs = lastRefetchAt + cooldownMs - Date.now();
      if (cooldownLeftMs > 0) {
        await sleep(cooldownLeftMs);
        continue;
      }
      lastRefetchAt = Date.now();
      await remote.reload();
    }
  }

  const resolve: JWTVerifyGetKey = async (header, token) => {
    const arrival = fetchesStarted;
    try {
      return await remote(header, token);
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
      await keysFetchedAfter(arrival);
      return remote(header, token);
    }
  };

  return {
    resolve,
    async publicKeys() {
      if (!remote.fresh) await remote.reload();
      return remote.jwks() ?? { keys: [] };
    },
  };
}
