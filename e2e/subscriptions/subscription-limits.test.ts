// Scenario: per-user subscription cap, subscriptions ending when the access token expires, and a stalled client not slowing others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestStack } from '@cryptograph/app/testing';
import { collect, graphqlWsClient, graphqlWsUrl, waitFor } from '@cryptograph/testing';
import { admin, login, publishTick, stackWithAdmin } from './stack-with-admin.js';

const prices = 'subscription($s: [String!]!) { priceUpdated(symbols: $s) { symbol price } }';
const codeOf = (errors: unknown) => (errors as { extensions: { code: string } }[])[0]?.extensions.code;

describe('subscription limits', () => {
  let stack: TestStack;

  // Access tokens live 6 s here (to test expiry), so every test logs in afresh.
  beforeAll(async () => {
    ({ stack } = await stackWithAdmin({ SUBSCRIPTIONS_PER_USER: '2', ACCESS_TOKEN_TTL_SECONDS: '6' }));
  });
  afterAll(() => stack?.stop());

  it('refuses a user past the per-user cap with RATE_LIMITED and frees slots when subscriptions end', async () => {
    const adminToken = await login(stack, admin.username, admin.password);
    const first = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token: adminToken });
    const second = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token: adminToken });
    const a = collect(first, prices, { s: ['BTC'] });
    const b = collect(second, prices, { s: ['ETH'] });
    await waitFor(() => stack.subscriptionStats().subscribers === 2, 'two subscriptions');
    const third = collect(second, prices, { s: ['SOL'] });
    await waitFor(() => third.errors.length === 1, 'the cap error');
    expect(codeOf(third.errors[0])).toBe('RATE_LIMITED');
    a.stop();
    await waitFor(() => stack.subscriptionStats().subscribers === 1, 'a free slot');
    const fourth = collect(first, prices, { s: ['SOL'] });
    await waitFor(() => stack.subscriptionStats().subscribers === 2, 'the slot reused');
    expect(fourth.errors).toEqual([]);
    b.stop();
    fourth.stop();
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('ends subscriptions with UNAUTHENTICATED and closes the socket when the access token expires', async () => {
    const token = await login(stack, admin.username, admin.password);
    let closeCode = 0;
    const client = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token, on: { closed: (event) => (closeCode = (event as { code: number }).code) } });
    const received = collect(client, prices, { s: ['BTC'] });
    await waitFor(() => received.errors.length === 1, 'the expiry error', 12_000);
    expect(codeOf(received.errors[0])).toBe('UNAUTHENTICATED');
    await waitFor(() => closeCode !== 0, 'the close');
    expect(closeCode).toBe(4419);
    await client.dispose();
  });

  it('keeps delivering to a healthy client while another one stops reading', async () => {
    const token = await login(stack, admin.username, admin.password);
    const healthy = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token });
    const received = collect(healthy, prices, { s: ['BTC'] });
    const stalled = new WebSocket(`${stack.gatewayUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => stalled.once('open', resolve));
    stalled.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    await new Promise((resolve) => stalled.once('message', resolve));
    stalled.send(JSON.stringify({ id: 'p', type: 'subscribe', payload: { query: prices, variables: { s: ['BTC'] } } }));
    await waitFor(() => stack.subscriptionStats().subscribers === 2, 'both subscribers');
    (stalled as unknown as { _socket: import('node:net').Socket })._socket.pause();
    const started = Date.now();
    for (let index = 1; index <= 300; index += 1) await publishTick(stack, 'BTC', 40_000 + index);
    await waitFor(() => received.results.at(-1)?.data?.priceUpdated?.price === 40_300, 'the newest tick on the healthy client');
    expect(Date.now() - started).toBeLessThan(8_000);
    stalled.terminate();
    received.stop();
    await healthy.dispose();
  });
});
