import { generateSigningKeyPem, signAccessToken, signingKeyFromPem, verifyAccessToken, type AccessTokenSigningKey } from '@cryptograph/core/base';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccessTokenKeys } from './access-token-keys.js';
import { createUsersInternalClient, UsersServiceUnavailable } from './users-internal-client.js';

const first = await signingKeyFromPem(generateSigningKeyPem());
const second = await signingKeyFromPem(generateSigningKeyPem());
const stranger = await signingKeyFromPem(generateSigningKeyPem());

/**
 * A users subgraph over real HTTP publishing `published` (changed by the tests): like the real
 * route, it reads the key set when a request arrives and answers `delayMs` later, so a fetch that
 * began before a key was published answers without it; `down` makes it answer 500.
 */
async function startKeyServer(published: JWK[]) {
  const state = { fetches: 0, delayMs: 0, down: false };
  const server: Server = createServer((_request, response) => {
    state.fetches += 1;
    if (state.down) return void response.writeHead(500).end();
    const body = JSON.stringify({ keys: [...published] });
    setTimeout(() => response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body), state.delayMs);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const users = createUsersInternalClient({ usersUrl: () => url, signIdentity: async () => 'identity' });
  return { users, state, close: () => new Promise<void>((closed) => server.close(() => closed())) };
}

let keyServer: Awaited<ReturnType<typeof startKeyServer>> | undefined;

afterEach(async () => {
  await keyServer?.close();
  keyServer = undefined;
});

const tokenOf = (key: AccessTokenSigningKey, userId = 'u') => signAccessToken({ userId, role: 'VIEWER', sessionVersion: 0 }, key, 60);

describe('access token keys at the gateway, fetched over HTTP during a rotation', () => {
  it('accept every one of many concurrent tokens of a newly published key that arrive while a refetch is cooling down, with one more fetch', async () => {
    const published = [first.publicJwk];
    keyServer = await startKeyServer(published);
    const keys = createAccessTokenKeys({ users: keyServer.users, cooldownMs: 400 });
    expect((await verifyAccessToken(await tokenOf(first), keys.resolve)).userId).toBe('u');
    await expect(verifyAccessToken(await tokenOf(stranger), keys.resolve)).rejects.toMatchObject({ name: 'InvalidAccessTokenError' });
    const fetchesBefore = keyServer.state.fetches;
    published.push(second.publicJwk);
    keyServer.state.delayMs = 100;
    const userIds = Array.from({ length: 8 }, (_, index) => `user-${index}`);
    const tokens = await Promise.all(userIds.map((userId) => tokenOf(second, userId)));
    const results = await Promise.allSettled(tokens.map((token) => verifyAccessToken(token, keys.resolve)));
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value.userId : `refused: ${String(result.reason)}`))).toEqual(userIds);
    expect(keyServer.state.fetches - fetchesBefore).toBe(1);
  });

  it('do not let a fetch that began before a key was published refuse a token of that key', async () => {
    const published = [first.publicJwk];
    keyServer = await startKeyServer(published);
    const keys = createAccessTokenKeys({ users: keyServer.users, cooldownMs: 300 });
    expect((await verifyAccessToken(await tokenOf(first), keys.resolve)).userId).toBe('u');
    await sleep(350);
    keyServer.state.delayMs = 150;
    const strangerRefused = expect(verifyAccessToken(await tokenOf(stranger), keys.resolve)).rejects.toMatchObject({ name: 'InvalidAccessTokenError' });
    await expect.poll(() => keyServer!.state.fetches).toBe(2);
    published.push(second.publicJwk);
    const startedAt = Date.now();
    expect((await verifyAccessToken(await tokenOf(second, 'rotated'), keys.resolve)).userId).toBe('rotated');
    expect(Date.now() - startedAt).toBeLessThan(300 + 2 * 150 + 200);
    await strangerRefused;
  });

  it('answer a refetch the users subgraph fails as UsersServiceUnavailable, not as an invalid token', async () => {
    keyServer = await startKeyServer([first.publicJwk]);
    const keys = createAccessTokenKeys({ users: keyServer.users, cooldownMs: 200 });
    expect((await verifyAccessToken(await tokenOf(first), keys.resolve)).userId).toBe('u');
    keyServer.state.down = true;
    await expect(verifyAccessToken(await tokenOf(second), keys.resolve)).rejects.toBeInstanceOf(UsersServiceUnavailable);
  });
});
