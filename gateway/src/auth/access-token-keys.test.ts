import { generateSigningKeyPem, signAccessToken, signingKeyFromPem, verifyAccessToken } from '@cryptograph/core/base';
import type { JSONWebKeySet, JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAccessTokenKeys } from './access-token-keys.js';
import { UsersServiceUnavailable, type UsersInternalClient } from './users-internal-client.js';

const first = await signingKeyFromPem(generateSigningKeyPem());
const second = await signingKeyFromPem(generateSigningKeyPem());

/** A users subgraph publishing `published` (changed by the tests), counting fetches; `down` makes it fail. */
function usersPublishing(published: JWK[]) {
  const state = { fetches: 0, down: false };
  const client: UsersInternalClient = {
    async request<T>() {
      state.fetches += 1;
      if (state.down) throw new UsersServiceUnavailable('down');
      return { keys: [...published] } satisfies JSONWebKeySet as T;
    },
  };
  return { client, state };
}

const tokenOf = (key: typeof first) => signAccessToken({ userId: 'u', role: 'VIEWER', sessionVersion: 0 }, key, 60);

describe('access token keys at the gateway', () => {
  it('fetch the key set once, and again at once for a token with an unknown key id (a rotation)', async () => {
    const published = [first.publicJwk];
    const users = usersPublishing(published);
    const keys = createAccessTokenKeys({ users: users.client, cooldownMs: 1_000 });
    expect((await verifyAccessToken(await tokenOf(first), keys.resolve)).userId).toBe('u');
    expect(await keys.publicKeys()).toEqual({ keys: [first.publicJwk] });
    expect(users.state.fetches).toBe(1);
    published.push(second.publicJwk);
    const startedAt = Date.now();
    expect((await verifyAccessToken(await tokenOf(second), keys.resolve)).userId).toBe('u');
    expect(Date.now() - startedAt).toBeLessThan(500);
    expect(users.state.fetches).toBe(2);
  });

  it('fetch a few times per cooldown for a burst of tokens of unknown keys, not once per token; those are refused as invalid', async () => {
    const users = usersPublishing([first.publicJwk]);
    const keys = createAccessTokenKeys({ users: users.client, cooldownMs: 200 });
    await keys.publicKeys();
    const stranger = await tokenOf(second);
    const startedAt = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => verifyAccessToken(stranger, keys.resolve)));
    const windows = Math.ceil((Date.now() - startedAt) / 200);
    expect(results.every((result) => result.status === 'rejected' && (result.reason as Error).name === 'InvalidAccessTokenError')).toBe(true);
    expect(users.state.fetches - 1).toBeLessThanOrEqual(2 * windows);
    expect(users.state.fetches).toBeLessThan(10);
  });

  it('pass on an unreachable users subgraph as UsersServiceUnavailable, not as an invalid token', async () => {
    const users = usersPublishing([first.publicJwk]);
    users.state.down = true;
    const keys = createAccessTokenKeys({ users: users.client });
    await expect(verifyAccessToken(await tokenOf(first), keys.resolve)).rejects.toBeInstanceOf(UsersServiceUnavailable);
    await expect(keys.publicKeys()).rejects.toBeInstanceOf(UsersServiceUnavailable);
  });
});
