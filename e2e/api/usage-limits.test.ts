// Scenario: per-identity rate limit and cost budget shared by two gateways on one Redis; cost analysis returned and enforced.
import { collect, graphqlWsClient, graphqlWsUrl, testEnvironment, waitFor } from '@cryptograph/testing';
import { sameInstallation, startTestStack } from '@cryptograph/app/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type Account } from '../support/accounts.js';
import { meQuery } from '../support/operations.js';
import { startPlainStack, type TestStack } from '../support/stack.js';

const limits = { RATE_LIMIT_MAX: '20', RATE_LIMIT_WINDOW_SECONDS: '60', GRAPHQL_MAX_OPERATION_COST: '100', GRAPHQL_COST_PER_MINUTE: '300' };
const assetsQuery = '{ assets(first: 20) { edges { node { symbol } } } }';

let first: TestStack;
let second: TestStack | undefined;

beforeAll(async () => {
  first = await startPlainStack(limits);
  if (testEnvironment().redisUrl) {
    second = await startTestStack({ ...limits, LOGIN_MAX_FAILURES_PER_ADDRESS: '10000', ...sameInstallation(first) });
  }
});

afterAll(async () => {
  await second?.stop();
  await first?.stop();
});

describe('cost analysis', () => {
  it('returns the computed cost in extensions', async () => {
    const user = await signUp(first, 'cost');
    const result = await first.graphql(assetsQuery, {}, { token: user.accessToken });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.extensions).toEqual({ cost: { requested: 41, limit: 100, remaining: 300 - 41 } });
  });

  it('refuses an operation over the largest cost with the computed cost in the error, before charging anything', async () => {
    const user = await signUp(first, 'costly');
    const result = await first.graphql('{ assets(first: 50) { edges { node { symbol } } } }', {}, { token: user.accessToken });
    expect(result.status).toBe(400);
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', cost: 101, limit: 100 });
    expect(result.body.errors![0]!.message).toMatch(/costs 101/);
  });

  it('refuses a subscription over the largest cost on the WebSocket path too', async () => {
    const user = await signUp(first, 'costws');
    const client = graphqlWsClient(graphqlWsUrl(first.gatewayUrl), { token: user.accessToken });
    const received = collect(client, 'subscription { priceUpdated(symbols: ["BTC"]) { asset { candles(interval: D1, maxPoints: 500) { close } } } }');
    await waitFor(() => received.errors.length === 1, 'the refusal');
    expect(received.errors[0]).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', cost: 502, limit: 100 } })]);
    await client.dispose();
  });

  it('charges each operation to a per-minute budget and answers RATE_LIMITED with the cost once it is spent', async () => {
    const user = await signUp(first, 'budget');
    for (let i = 0; i < 7; i += 1) expect((await first.graphql(assetsQuery, {}, { token: user.accessToken })).body.errors).toBeUndefined();
    const over = await first.graphql(assetsQuery, {}, { token: user.accessToken });
    expect(over.status).toBe(429);
    expect(over.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', cost: 41, limit: 300 });
    expect(over.body.errors![0]!.extensions?.retryAfter).toBeGreaterThan(0);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('rate limit', () => {
  it('sends RateLimit-* headers and refuses the request over the limit with 429, Retry-After and RATE_LIMITED', async () => {
    const user: Account = await signUp(first, 'rate');
    const gateways = second ? [first, second] : [first];
    for (let i = 0; i < 20; i += 1) {
      const result = await gateways[i % gateways.length]!.graphql(meQuery, {}, { token: user.accessToken });
      expect(result.status, `request ${i + 1}`).toBe(200);
      expect(result.headers.get('ratelimit-limit')).toBe('20');
      expect(result.headers.get('ratelimit-remaining')).toBe(String(19 - i));
      expect(Number(result.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }
    for (const gateway of gateways) {
      const over = await gateway.graphql(meQuery, {}, { token: user.accessToken });
      expect(over.status).toBe(429);
      expect(over.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(over.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 20 });
    }
    const other = await signUp(first, 'rateother');
    expect((await first.graphql(meQuery, {}, { token: other.accessToken })).status).toBe(200);
  });
});
