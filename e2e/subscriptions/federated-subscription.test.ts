// Scenario: a price subscription through the gateway selects fields of other subgraphs, and identical subscriptions share one upstream stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '@cryptograph/app/testing';
import { collect, graphqlWsClient, graphqlWsUrl, waitFor } from '@cryptograph/testing';
import { publishTick, stackWithAdmin } from './stack-with-admin.js';

const crossSubgraph = `subscription Prices($symbols: [String!]!) {
  priceUpdated(symbols: $symbols) { symbol price asset { name models { name owner { username } } } }
}`;

describe('federated subscriptions', () => {
  let stack: TestStack;
  let adminToken: string;

  beforeAll(async () => {
    ({ stack, adminToken } = await stackWithAdmin());
    const created = await stack.graphql(
      'mutation { createModel(input: { name: "btc-vol", symbol: "BTC", target: VOLATILITY, algorithm: NAIVE, interval: D1, horizon: 1 }) { id } }',
      {},
      { token: adminToken },
    );
    expect(created.body.errors).toBeUndefined();
  });
  afterAll(() => stack?.stop());

  it('resolves fields of the market, predictions and users subgraphs for every event', async () => {
    const client = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token: adminToken });
    const received = collect(client, crossSubgraph, { symbols: ['btc'] });
    await waitFor(() => stack.subscriptionStats().streams === 1, 'the upstream subscription');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await publishTick(stack, 'ETH', 2000);
    await publishTick(stack, 'BTC', 43_210.5);
    await waitFor(() => received.results.length === 1, 'one BTC event');
    expect(received.results[0]).toEqual({
      data: { priceUpdated: { symbol: 'BTC', price: 43_210.5, asset: { name: 'Bitcoin', models: [{ name: 'btc-vol', owner: { username: 'admin' } }] } } },
    });
    received.stop();
    await client.dispose();
    await waitFor(() => stack.subscriptionStats().streams === 0, 'the upstream subscription to close');
  });

  it('shares one upstream stream and one execution per event among identical subscriptions', async () => {
    const before = stack.subscriptionStats();
    const first = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token: adminToken });
    const second = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token: adminToken });
    const a = collect(first, crossSubgraph, { symbols: ['BTC'] });
    const b = collect(second, crossSubgraph, { symbols: ['BTC'] });
    await waitFor(() => stack.subscriptionStats().subscribers === 2, 'both subscribers');
    expect(stack.subscriptionStats().streams).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await publishTick(stack, 'BTC', 44_000);
    await waitFor(() => a.results.length === 1 && b.results.length === 1, 'the event on both sockets');
    expect(a.results[0]).toEqual(b.results[0]);
    const after = stack.subscriptionStats();
    expect(after.upstreamOpened - before.upstreamOpened).toBe(1);
    expect(after.eventsExecuted - before.eventsExecuted).toBe(1);
    expect(after.deliveries - before.deliveries).toBe(2);
    a.stop();
    b.stop();
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('keeps the other subscriptions of an upstream connection running when one of them ends', async () => {
    const btcClient = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token: adminToken });
    const ethClient = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token: adminToken });
    const btc = collect(btcClient, 'subscription { priceUpdated(symbols: ["BTC"]) { price } }');
    const eth = collect(ethClient, 'subscription { priceUpdated(symbols: ["ETH"]) { price } }');
    await waitFor(() => stack.subscriptionStats().streams === 2, 'two upstream streams');
    btc.stop();
    await waitFor(() => stack.subscriptionStats().streams === 1, 'the BTC stream to end');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await publishTick(stack, 'ETH', 2_222);
    await waitFor(() => eth.results.length === 1, 'the ETH tick after the BTC stream ended');
    expect(eth.results[0]).toEqual({ data: { priceUpdated: { price: 2_222 } } });
    expect(eth.completed).toBe(false);
    eth.stop();
    await Promise.all([btcClient.dispose(), ethClient.dispose()]);
  });

  it('reports unknown symbols and invalid variables as clear errors', async () => {
    const client = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token: adminToken });
    const unknown = collect(client, crossSubgraph, { symbols: ['NOPE'] });
    const badVariables = collect(client, crossSubgraph, { symbols: 42 });
    await waitFor(() => unknown.errors.length === 1 && badVariables.errors.length === 1, 'both errors');
    expect((unknown.errors[0] as { extensions: { code: string } }[])[0]!.extensions.code).toBe('NOT_FOUND');
    expect((badVariables.errors[0] as { extensions: { code: string } }[])[0]!.extensions.code).toBe('BAD_USER_INPUT');
    await client.dispose();
  });

  it('refuses anonymous subscribers like HTTP does', async () => {
    const client = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl));
    const received = collect(client, crossSubgraph, { symbols: ['BTC'] });
    await waitFor(() => received.errors.length === 1, 'the error');
    expect((received.errors[0] as { extensions: { code: string } }[])[0]!.extensions.code).toBe('UNAUTHENTICATED');
    await client.dispose();
  });
});
