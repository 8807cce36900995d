// Scenario: live credential refresh as an attacker uses it (a graphql-ws `ping` with `authorization`, an SSE `PATCH`): another user's token, a genuine
// token claiming a higher role, a revoked or expired token, an API key in place of a token, a refresh of an anonymous connection or before
// `connection_ack` are all refused and end the connection (4403 / the end of the stream); a refresh never widens what the connection may do.
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey } from '../api/api-operations.js';
import { logIn, signUp, type Account } from '../support/accounts.js';
import { openSocket } from '../support/open-connections.js';
import { logoutMutation } from '../support/operations.js';
import { startE2eStack, stopStackAfterAll, type TestStack } from '../support/stack.js';
import { forgeAccessToken, wrongKey } from '../support/tokens.js';
import { waitFor } from '@cryptograph/testing';

let stack: TestStack;
let viewer: Account;
let other: Account;

beforeAll(async () => {
  stack = await startE2eStack();
  [viewer, other] = [await signUp(stack, 'refresher'), await signUp(stack, 'bystander')];
});

stopStackAfterAll(() => stack);

/** Sends a refresh ping on `socket` and waits for its pong or the close; returns the pong's payload or the close code. */
async function refreshPing(socket: Awaited<ReturnType<typeof openSocket>>, authorization: unknown): Promise<{ pong: unknown } | { closed: number }> {
  const pongs = socket.messages.filter((message) => message.type === 'pong').length;
  socket.send({ type: 'ping', payload: { authorization } });
  await waitFor(() => socket.ended() !== undefined || socket.messages.filter((message) => message.type === 'pong').length > pongs, 'the pong or the close');
  if (socket.ended()) return { closed: socket.ended()!.code! };
  return { pong: socket.messages.filter((message) => message.type === 'pong').at(-1)!.payload };
}

/** Runs `query` on an open socket and resolves with its result or error message. */
async function runOnSocket(socket: Awaited<ReturnType<typeof openSocket>>, id: string, query: string): Promise<{ type: string; payload?: unknown }> {
  socket.send({ id, type: 'subscribe', payload: { query } });
  await waitFor(() => socket.messages.some((message) => message.id === id && (message.type === 'next' || message.type === 'error')), `the answer to ${id}`);
  return socket.messages.find((message) => message.id === id && (message.type === 'next' || message.type === 'error'))!;
}

/**
 * Credentials a refresh must refuse, on every transport, with the status an SSE PATCH answers (docs/api.md): 401 for a
 * credential that is not a valid access token, 403 for a valid one this stream may not take (the object: a ping payload
 * a header cannot carry). Either way the connection ends.
 */
const refused: [string, () => Promise<unknown>, 401 | 403 | undefined][] = [
  ["another user's token", async () => `Bearer ${other.accessToken}`, 403],
  ['a forged token', async () => `Bearer ${await forgeAccessToken({ key: wrongKey, userId: viewer.id })}`, 401],
  [
    'an expired token of the same user',
    async () =>
      `Bearer ${await forgeAccessToken({ key: stack.env.AUTH_PRIVATE_KEY!, userId: viewer.id, role: 'VIEWER', exp: Math.floor(Date.now() / 1000) - 60 })}`,
    401,
  ],
  ['an API key of the same user', async () => `ApiKey ${(await createApiKey(stack, viewer.accessToken, ['read:market'])).key}`, 403],
  ['a refresh token', async () => `Bearer ${viewer.refreshToken}`, 401],
  ['garbage', async () => 'Bearer garbage', 401],
  ['an object', async () => ({ token: viewer.accessToken }), undefined],
];

describe('graphql-ws refresh pings', () => {
  for (const [label, authorization] of refused) {
    it(`with ${label} closes the socket with 4403`, async () => {
      const socket = await openSocket(stack.gatewayUrl, { token: viewer.accessToken });
      expect(await refreshPing(socket, await authorization())).toEqual({ closed: 4403 });
    });
  }

  it('with a genuine token claiming a higher role is accepted with the role the user has: the connection may do no more than before', async () => {
    const socket = await openSocket(stack.gatewayUrl, { token: viewer.accessToken });
    const claimsAdmin = await forgeAccessToken({ key: stack.env.AUTH_PRIVATE_KEY!, userId: viewer.id, role: 'ADMIN' });
    const answer = await refreshPing(socket, `Bearer ${claimsAdmin}`);
    expect(answer).toMatchObject({ pong: { expiresAt: expect.any(String) } });
    const listing = await runOnSocket(socket, 'users', '{ users { totalCount } }');
    expect(JSON.stringify(listing.payload)).toContain('FORBIDDEN');
    socket.close();
  });

  it('with a token revoked by a logout closes the socket with 4403', async () => {
    const user = await signUp(stack, 'loggedout');
    const laptop = await logIn(stack, user.username, user.password);
    const socket = await openSocket(stack.gatewayUrl, { token: laptop.accessToken });
    expect((await stack.graphql(logoutMutation, { token: user.refreshToken })).body.errors).toBeUndefined();
    await waitFor(() => socket.ended() !== undefined, 'the revocation to close it');
    expect(socket.ended()!.code).toBe(4403);
    const fresh = await signUp(stack, 'stale');
    const again = await openSocket(stack.gatewayUrl, { token: fresh.accessToken });
    expect(await refreshPing(again, `Bearer ${user.accessToken}`)).toEqual({ closed: 4403 });
  });

  it('on an anonymous connection (turning it into a signed-in one) closes the socket with 4403', async () => {
    const socket = await openSocket(stack.gatewayUrl, {});
    expect(await refreshPing(socket, `Bearer ${viewer.accessToken}`)).toEqual({ closed: 4403 });
  });

  it('before connection_ack closes the socket with 4401', async () => {
    const socket = new WebSocket(`${stack.gatewayUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'ping', payload: { authorization: `Bearer ${viewer.accessToken}` } }));
    expect(await closed).toBe(4401);
  });
});

describe('SSE refresh (PATCH on a reserved stream)', () => {
  const streamUrl = () => `${stack.gatewayUrl}/graphql/stream`;

  /** Reserves and opens a stream with `headers`; returns its token and when it ended. */
  async function openReserved(headers: Record<string, string>) {
    const token = await (await fetch(streamUrl(), { method: 'PUT', headers })).text();
    let ended = false;
    const controller = new AbortController();
    const response = await fetch(`${streamUrl()}?token=${encodeURIComponent(token)}`, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    expect(response.status).toBe(200);
    void (async () => {
      try {
        for await (const _chunk of response.body! as unknown as AsyncIterable<Uint8Array>) {
          // reading keeps the stream flowing
        }
      } catch {
        // aborted
      }
      ended = true;
    })();
    const patch = (authorization: string) => fetch(streamUrl(), { method: 'PATCH', headers: { 'x-graphql-event-stream-token': token, authorization } });
    return { token, patch, ended: () => ended, close: () => controller.abort() };
  }

  for (const [label, authorization, status] of refused.filter(([, , status]) => status !== undefined)) {
    it(`with ${label} answers ${status} and ends the stream`, async () => {
      const stream = await openReserved({ authorization: `Bearer ${viewer.accessToken}` });
      expect((await stream.patch((await authorization()) as string)).status).toBe(status);
      await waitFor(() => stream.ended(), 'the stream to end');
    });
  }

  it('with a token revoked by a logout answers 401 and ends the stream', async () => {
    const user = await signUp(stack, 'sseloggedout');
    const fresh = await signUp(stack, 'ssestale');
    expect((await stack.graphql(logoutMutation, { token: user.refreshToken })).body.errors).toBeUndefined();
    const stream = await openReserved({ authorization: `Bearer ${fresh.accessToken}` });
    expect((await stream.patch(`Bearer ${user.accessToken}`)).status).toBe(401);
    await waitFor(() => stream.ended(), 'the stream to end');
  });

  it('with a token on a stream reserved with an API key answers 403 and ends the stream', async () => {
    const { key } = await createApiKey(stack, viewer.accessToken, ['read:market']);
    const stream = await openReserved({ 'x-api-key': key });
    expect((await stream.patch(`Bearer ${viewer.accessToken}`)).status).toBe(403);
    await waitFor(() => stream.ended(), 'the stream to end');
  });

  it('on an anonymous stream answers 403 and ends the stream', async () => {
    const stream = await openReserved({});
    expect((await stream.patch(`Bearer ${viewer.accessToken}`)).status).toBe(403);
    await waitFor(() => stream.ended(), 'the stream to end');
  });
});
