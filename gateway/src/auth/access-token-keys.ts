import { accessTokenKeysPath, accessTokenKeysScope } from '@cryptograph/core';
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
  /** Shortest time between two fetches caused by unknown key ids (default 1 s); a token with a newer key waits for it instead of failing. */
  readonly cooldownMs?: number;
}

/** jose wants a URL to name the key set; the custom fetch reaches the users subgraph through the internal client instead. */
const jwksUrl = new URL(`http://users.internal${accessTokenKeysPath}`);

/**
 * Caches the users subgraph's JWKS with jose's remote key set: the keys are fetched on first use,
 * refreshed after `maxAgeMs`, and fetched again when a token names an unknown key id (a new key after
 * a rotation, or another replica's key), at most once per `cooldownMs`; a token arriving during the
 * cooldown waits for its end rather than being refused. A failed fetch is UsersServiceUnavailable
 * (answered as a downstream error), never "invalid token".
 */
export function createAccessTokenKeys(options: AccessTokenKeysOptions): AccessTokenKeys {
  const cooldownMs = options.cooldownMs ?? 1_000;
  const remote = createRemoteJWKSet(jwksUrl, {
    cacheMaxAge: options.maxAgeMs ?? 300_000,
    cooldownDuration: cooldownMs,
    [customFetch]: async () => {
      try {
        return Response.json(await options.users.request<JSONWebKeySet>(accessTokenKeysPath, accessTokenKeysScope));
      } catch (error) {
        if (error instanceof UsersServiceUnavailable) throw error;
        throw new UsersServiceUnavailable('The access token keys could not be fetched.', { cause: error });
      }
    },
  });
  let lastForcedReload = 0;

  const resolve: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey) || !remote.coolingDown) throw error;
      // An unknown key id within the cooldown: wait for its end, fetch once for everyone waiting, then decide.
      const waitMs = Math.max(0, lastForcedReload + cooldownMs - Date.now());
      if (waitMs > 0) await new Promise((done) => setTimeout(done, waitMs));
      if (remote.coolingDown && Date.now() - lastForcedReload >= cooldownMs) {
        lastForcedReload = Date.now();
        await remote.reload();
      }
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
