// Scenario: revoking an API key on one gateway closes the WebSocket and SSE connections using it on ANOTHER gateway sharing the same Redis within 1 s, and an operation sent on the socket right after the revocation is refused.
import { testEnvironment, waitFor } from '@cryptograph/testing';
import { startTestStack } from '@cryptograph/app/testing';
import { createClient as createSseClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey, revokeApiKeyMutation } from '../api/api-operations.js';
import { logInAdmin, type Account } from '../support/accounts.js';
import { startE2eStack, type TestStack } from '../support/stack.js';

const prices = 'subscription { priceUpdated(symbols: ["BTC"]) { price } }';

/** A raw graphql-transport-ws socket authenticated with `apiKey`, running a price subscription; records messages and the close. */
async function socketWithKey(gatewayUrl: string, apiKey: string) {
  const socket = new WebSocket(`${gatewayUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: { id?: string; type: string; payload?: unknown }[] = [];
  let closed: { code: number; at: number } | undefined;
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  socket.on('close', (code) => (closed = { code, at: Date.now() }));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { apiKey } }));
  await waitFor(() => messages.some((message) => message.type === 'connection_ack'), 'the ack');
  socket.send(JSON.stringify({ id: 'prices', type: 'subscribe', payload: { query: prices } }));
  return { socket, messages, closed: () => closed };
}

describe.runIf(testEnvironment().redisUrl)('revocation on open connections across gateways', () => {
  let first: TestStack;
  let second: TestStack;
  let admin: Account;

  beforeAll(async () => {
    first = await startE2eStack();
    const { DATABASE_URL, REDIS_URL, AUTH_PRIVATE_KEY, INTERNAL_SECRET, EVENT_BUS_PREFIX } = first.env;
    second = await startTestStack({ DATABASE_URL: DATABASE_URL!, REDIS_URL: REDIS_URL!, AUTH_PRIVATE_KEY: AUTH_PRIVATE_KEY!, INTERNAL_SECRET: INTERNAL_SECRET!, EVENT_BUS_PREFIX: EVENT_BUS_PREFIX! });
    admin = await logInAdmin(first);
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('closes the WebSocket (4403) and ends the SSE stream on the other gateway within 1 s, and refuses an operation sent right after', async () => {
    const { key, id } = await createApiKey(first, admin.accessToken, ['read:market']);
    const ws = await socketWithKey(second.gatewayUrl, key);
    const sse = createSseClient({ url: `${second.gatewayUrl}/graphql/stream`, headers: { 'x-api-key': key }, retryAttempts: 0 });
    const sseResults: { errors?: readonly { extensions?: Record<string, unknown> }[] }[] = [];
    let sseEndedAt: number | undefined;
    sse.subscribe({ query: prices }, { next: (result) => void sseResults.push(result), error: () => (sseEndedAt = Date.now()), complete: () => (sseEndedAt = Date.now()) });
    await waitFor(() => second.subscriptionStats().subscribers === 2, 'both subscriptions on the other gateway');

    const revoked = await first.graphql(revokeApiKeyMutation, { id }, { token: admin.accessToken });
    const revokedAt = Date.now();
    expect(revoked.body.errors).toBeUndefined();
    ws.socket.send(JSON.stringify({ id: 'after', type: 'subscribe', payload: { query: '{ assets(first: 1) { edges { node { symbol } } } }' } }));

    await waitFor(() => ws.closed() !== undefined && sseEndedAt !== undefined, 'both connections to end', 5_000);
    console.info(`revocation on the other gateway: WebSocket closed ${ws.closed()!.code} after ${ws.closed()!.at - revokedAt} ms, SSE stream ended after ${sseEndedAt! - revokedAt} ms`);
    expect(ws.closed()!.code).toBe(4403);
    expect(ws.closed()!.at - revokedAt).toBeLessThan(1_000);
    expect(sseEndedAt! - revokedAt).toBeLessThan(1_000);
    // The operation sent after the revocation never ran: no `next` for it, only a refusal or the close.
    expect(ws.messages.filter((message) => message.id === 'after' && message.type === 'next')).toEqual([]);
    expect(ws.messages.find((message) => message.id === 'prices' && message.type === 'error')).toMatchObject({ payload: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(sseResults.at(-1)?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await waitFor(() => second.subscriptionStats().subscribers === 0, 'the subscriptions to stop');
    sse.dispose();

    // And the key no longer opens a connection on either gateway.
    const again = await fetch(`${second.gatewayUrl}/graphql/stream`, { method: 'PUT', headers: { 'x-api-key': key } });
    expect(again.status).toBe(401);
  });

  it('leaves connections of other keys of the same owner open', async () => {
    const kept = await createApiKey(first, admin.accessToken, ['read:market']);
    const dropped = await createApiKey(first, admin.accessToken, ['read:market']);
    const keptSocket = await socketWithKey(second.gatewayUrl, kept.key);
    const droppedSocket = await socketWithKey(second.gatewayUrl, dropped.key);
    await first.graphql(revokeApiKeyMutation, { id: dropped.id }, { token: admin.accessToken });
    await waitFor(() => droppedSocket.closed() !== undefined, 'the revoked key\'s socket to close');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(keptSocket.closed()).toBeUndefined();
    keptSocket.socket.close();
  });
});
