// Scenario: two gateways (each with its own subgraphs) on one Postgres and one Redis both deliver every event to their own clients.
import { collect, graphqlWsClient, graphqlWsUrl, testEnvironment, waitFor } from '@cryptograph/testing';
import { sameInstallation, startTestStack, type TestStack } from '@cryptograph/app/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishTick, stackWithAdmin } from './stack-with-admin.js';

describe.runIf(testEnvironment().redisUrl)('two gateways on one Redis', () => {
  let first: TestStack;
  let second: TestStack;
  let token: string;

  beforeAll(async () => {
    ({ stack: first, adminToken: token } = await stackWithAdmin());
    second = await startTestStack(sameInstallation(first));
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('delivers a tick published once to the clients of both gateways', async () => {
    const query = 'subscription { priceUpdated(symbols: ["ETH"]) { symbol price } }';
    const clientOfFirst = graphqlWsClient(graphqlWsUrl(first.gatewayUrl), { token });
    const clientOfSecond = graphqlWsClient(graphqlWsUrl(second.gatewayUrl), { token });
    const onFirst = collect(clientOfFirst, query);
    const onSecond = collect(clientOfSecond, query);
    await waitFor(() => first.subscriptionStats().streams === 1 && second.subscriptionStats().streams === 1, 'both upstream streams');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await publishTick(first, 'ETH', 2_345.67);
    await waitFor(() => onFirst.results.length === 1 && onSecond.results.length === 1, 'the tick on both gateways');
    expect(onFirst.results[0]).toEqual({ data: { priceUpdated: { symbol: 'ETH', price: 2_345.67 } } });
    expect(onSecond.results[0]).toEqual(onFirst.results[0]);
    await Promise.all([clientOfFirst.dispose(), clientOfSecond.dispose()]);
  });
});
