// Scenario: live token refresh on open connections: a graphql-ws ping with a new access token moves the connection's
// expiry (pong with expiresAt), a bad one closes 4403; SSE refreshes with PATCH; over a 2-minute subscription with
// 30-second tokens nothing is lost on either transport.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '@cryptograph/app/testing';
import { graphqlWsUrl, rawGraphqlWsSocket, waitFor } from '@cryptograph/testing';
import { logIn, logInAdmin, signUp, type Account } from '../support/accounts.js';
import { refreshMutation, setUserRoleMutation } from '../support/operations.js';
import { startE2eStack, stopStackAfterAll } from '../support/stack.js';
import { publishTick } from './stack-with-admin.js';

const prices = 'subscription { priceUpdated(symbols: ["BTC"]) { price } }';
const tokenSeconds = 30;

/** A raw graphql-transport-ws connection authenticated with `token`, recording every message and the close. */
async function connect(stack: TestStack, token: string) {
  const socket = rawGraphqlWsSocket(graphqlWsUrl(stack.gatewayUrl), { authorization: `Bearer ${token}` });
  const { messages } = socket;
  expect(await socket.handshake).toEqual({ acknowledged: true });
  return {
    socket,
    messages,
    closeCode: () => socket.closeEvent()?.code,
    /** Sends a refresh ping and resolves with the pong's payload. */
    async refresh(next: string): Promise<{ expiresAt: string }> {
      const pongs = messages.filter((message) => message.type === 'pong').length;
      socket.send({ type: 'ping', payload: { authorization: `Bearer ${next}` } });
      await waitFor(() => messages.filter((message) => message.type === 'pong').length > pongs, 'the pong');
      return messages.filter((message) => message.type === 'pong').at(-1)!.payload as { expiresAt: string };
    },
  };
}

/** Rotates a session: returns the new access and refresh tokens. */
async function rotate(stack: TestStack, refreshToken: string): Promise<{ accessToken: string; refreshToken: string }> {
  const result = await stack.graphql(refreshMutation, { token: refreshToken });
  expect(result.body.errors).toBeUndefined();
  return result.body.data.refreshToken;
}

/** An SSE reservation (single connection mode) with its stream open; collects `next` payloads of operation `id`. */
async function sseStream(stack: TestStack, token: string) {
  const url = `${stack.gatewayUrl}/graphql/stream`;
  const reservation = await fetch(url, { method: 'PUT', headers: { authorization: `Bearer ${token}` } });
  const streamToken = await reservation.text();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', 'x-graphql-event-stream-token': streamToken } });
  const reader = response.body!.getReader();
  let buffer = '';
  const payloads: any[] = [];
  let ended = false;
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (event.startsWith('event: next') && data) payloads.push(JSON.parse(data));
      }
    }
    ended = true;
  })().catch(() => (ended = true));
  const headers = { 'x-graphql-event-stream-token': streamToken };
  return {
    payloads,
    ended: () => ended,
    subscribe: (operationId: string, query: string) =>
      fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ query, extensions: { operationId } }) }),
    refresh: (next: string) => fetch(url, { method: 'PATCH', headers: { ...headers, authorization: `Bearer ${next}` } }),
    close: () => reader.cancel(),
  };
}

describe('live token refresh', () => {
  let stack: TestStack;
  let viewer: Account;
  let admin: Account;

  beforeAll(async () => {
    stack = await startE2eStack({ ACCESS_TOKEN_TTL_SECONDS: String(tokenSeconds) });
    viewer = await signUp(stack, 'refresher');
    admin = await logInAdmin(stack);
  });
  stopStackAfterAll(() => stack);

  it('a ping with a fresh token of the same user answers a pong with the new expiry', async () => {
    const connection = await connect(stack, viewer.accessToken);
    const session = await logIn(stack, viewer.username, viewer.password);
    const before = Date.now();
    const pong = await connection.refresh(session.accessToken);
    const expiresAt = Date.parse(pong.expiresAt);
    expect(expiresAt).toBeGreaterThan(before + (tokenSeconds - 2) * 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + tokenSeconds * 1000 + 1000);
    expect(connection.closeCode()).toBeUndefined();
    connection.socket.close();
  });

  it("a ping with an invalid token or another user's token closes the socket with 4403", async () => {
    const other = await signUp(stack, 'other');
    for (const [label, token] of [
      ['garbage', 'garbage'],
      ['another user', other.accessToken],
    ] as const) {
      const connection = await connect(stack, viewer.accessToken);
      connection.socket.send({ type: 'ping', payload: { authorization: `Bearer ${token}` } });
      await waitFor(() => connection.closeCode() !== undefined, label);
      expect(connection.closeCode(), label).toBe(4403);
    }
  });

  it("a ping with a token of a higher role than the connection's closes the socket with 4403", async () => {
    const climber = await signUp(stack, 'climber');
    const connection = await connect(stack, climber.accessToken);
    const promoted = await stack.graphql(setUserRoleMutation, { id: climber.id, role: 'ANALYST' }, { token: admin.accessToken });
    expect(promoted.body.errors).toBeUndefined();
    const analyst = await logIn(stack, climber.username, climber.password);
    expect(analyst.role).toBe('ANALYST');
    connection.socket.send({ type: 'ping', payload: { authorization: `Bearer ${analyst.accessToken}` } });
    await waitFor(() => connection.closeCode() !== undefined, 'the close');
    expect(connection.closeCode()).toBe(4403);
  });

  it('SSE: PATCH with the stream token and a fresh access token answers the new expiry; a bad one ends the stream with 401', async () => {
    const stream = await sseStream(stack, viewer.accessToken);
    const session = await logIn(stack, viewer.username, viewer.password);
    const refreshed = await stream.refresh(session.accessToken);
    expect(refreshed.status).toBe(200);
    expect(Date.parse(((await refreshed.json()) as { expiresAt: string }).expiresAt)).toBeGreaterThan(Date.now() + (tokenSeconds - 2) * 1000);
    const refused = await stream.refresh('garbage');
    expect(refused.status).toBe(401);
    await waitFor(() => stream.ended(), 'the stream to end');
  });

  it('over a 2-minute subscription with 30-second tokens, refreshing on the open connections loses no event (WebSocket and SSE)', async () => {
    const [wsSession, sseSession] = [await logIn(stack, viewer.username, viewer.password), await logIn(stack, viewer.username, viewer.password)];
    const ws = await connect(stack, wsSession.accessToken);
    ws.socket.send({ id: 'prices', type: 'subscribe', payload: { query: prices } });
    const sse = await sseStream(stack, sseSession.accessToken);
    expect((await sse.subscribe('prices', prices)).status).toBe(202);
    await waitFor(() => stack.subscriptionStats().subscribers === 2, 'both subscriptions');
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = Date.now();
    const published: number[] = [];
    const expiries: number[] = [];
    let wsTokens: { accessToken: string; refreshToken: string } = wsSession;
    let sseTokens: { accessToken: string; refreshToken: string } = sseSession;
    let lastRefresh = started;
    while (Date.now() - started < 120_000) {
      const price = 50_000 + published.length;
      await publishTick(stack, 'BTC', price);
      published.push(price);
      if (Date.now() - lastRefresh > 20_000) {
        lastRefresh = Date.now();
        wsTokens = await rotate(stack, wsTokens.refreshToken);
        expiries.push(Date.parse((await ws.refresh(wsTokens.accessToken)).expiresAt));
        sseTokens = await rotate(stack, sseTokens.refreshToken);
        expect((await sse.refresh(sseTokens.accessToken)).status).toBe(200);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const receivedOverWs = () =>
      ws.messages.filter((message) => message.id === 'prices' && message.type === 'next').map((message) => message.payload.data.priceUpdated.price as number);
    const receivedOverSse = () => sse.payloads.filter((payload) => payload.id === 'prices').map((payload) => payload.payload.data.priceUpdated.price as number);
    await waitFor(() => receivedOverWs().length === published.length && receivedOverSse().length === published.length, 'every tick on both transports', 10_000);
    console.info(
      `live refresh: ${published.length} ticks over ${((Date.now() - started) / 1000).toFixed(0)} s, ${expiries.length} refreshes per connection, ${tokenSeconds}-second tokens; received ${receivedOverWs().length} over WebSocket, ${receivedOverSse().length} over SSE`,
    );
    expect(receivedOverWs()).toEqual(published);
    expect(receivedOverSse()).toEqual(published);
    expect(expiries.length).toBeGreaterThanOrEqual(4);
    expect(expiries).toEqual([...expiries].sort((a, b) => a - b));
    expect(ws.closeCode()).toBeUndefined();
    expect(sse.ended()).toBe(false);
    ws.socket.close();
    await sse.close();
  }, 180_000);
});
