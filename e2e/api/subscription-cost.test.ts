// Scenario: every delivered subscription event pays its follow-up cost against the caller's per-minute budget
// (WebSocket and SSE alike); when the budget runs out the subscription ends with RATE_LIMITED, and the spent budget
// also refuses HTTP operations.
import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@cryptograph/testing';
import { signUp } from '../support/accounts.js';
import { startPlainStack, stopStackAfterAll, type TestStack } from '../support/stack.js';
import { runOver, type TransportOutcome } from '../support/transports.js';
import { publishTick } from '../subscriptions/stack-with-admin.js';

// Admission costs 102 (the tick 1, its asset 1, 100 candles); each event then costs 101 more.
const costly = 'subscription { priceUpdated(symbols: ["BTC"]) { price asset { candles(interval: D1, maxPoints: 100) { close } } } }';
const cheap = 'subscription { priceUpdated(symbols: ["BTC"]) { price } }';
const budget = 500;

describe('subscription follow-up cost', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startPlainStack({ GRAPHQL_MAX_OPERATION_COST: '1000', GRAPHQL_COST_PER_MINUTE: String(budget), RATE_LIMIT_MAX: '1000' });
  });
  stopStackAfterAll(() => stack);

  /** Subscribes as a fresh user over `transport`, publishing ticks until the subscription ends (at most `ticks`). */
  async function subscribeAndPublish(
    transport: 'ws' | 'sse',
    query: string,
    ticks: number,
    wanted?: number,
  ): Promise<{ outcome: TransportOutcome; token: string; published: number }> {
    const user = await signUp(stack, `cost${transport}`);
    let published = 0;
    let done = false;
    const outcome = runOver(
      transport,
      stack.gatewayUrl,
      { token: user.accessToken },
      { query },
      {
        timeoutMs: 20_000,
        ...(wanted !== undefined ? { results: wanted } : {}),
        started: async () => {
          await waitFor(() => stack.subscriptionStats().subscribers === 1, 'the subscription');
          await new Promise((resolve) => setTimeout(resolve, 200));
          for (; published < ticks && !done; published += 1) {
            await publishTick(stack, 'BTC', 40_000 + published);
            await new Promise((resolve) => setTimeout(resolve, 150));
          }
        },
      },
    );
    const result = await outcome;
    done = true;
    await waitFor(() => stack.subscriptionStats().subscribers === 0, 'the subscription to end');
    return { outcome: result, token: user.accessToken, published };
  }

  for (const transport of ['ws', 'sse'] as const) {
    it(`over ${transport}: each event pays 101; the fourth no longer fits in the budget and ends the subscription with RATE_LIMITED`, async () => {
      const { outcome, token } = await subscribeAndPublish(transport, costly, 8);
      const prices = outcome.results.filter((result) => result.data).map((result) => (result.data as { priceUpdated: { price: number } }).priceUpdated.price);
      // Ticks are not replayed: one published while the upstream subscription was still opening is simply never delivered (and never paid for).
      // So three consecutive ticks arrive, whichever the first was.
      expect(prices).toHaveLength(3);
      expect(prices).toEqual([prices[0], prices[0]! + 1, prices[0]! + 2]);
      expect(outcome.ended).toBe(true);
      expect(outcome.errors.at(-1)).toMatchObject({ extensions: { code: 'RATE_LIMITED', cost: 101, limit: budget } });
      expect((outcome.errors.at(-1)!.extensions as { retryAfter: number }).retryAfter).toBeGreaterThan(0);
      // 102 + 3 × 101 = 405 are spent (and the refused event's 101 counted): nothing costing more than what is left runs over HTTP either.
      const http = await stack.graphql('{ assets(first: 40) { edges { node { symbol } } } }', {}, { token });
      expect(http.status).toBe(429);
      expect(http.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    });
  }

  it('a subscription whose events resolve nothing beyond the event itself costs nothing per event', async () => {
    // A few more ticks than wanted, in case the first is published before the upstream subscription is open.
    const { outcome, token } = await subscribeAndPublish('ws', cheap, 16, 12);
    expect(outcome.errors).toEqual([]);
    expect(outcome.results).toHaveLength(12);
    const http = await stack.graphql('{ assets(first: 20) { edges { node { symbol } } } }', {}, { token });
    expect(http.status).toBe(200);
    expect(http.body.extensions).toMatchObject({ cost: { remaining: budget - 1 - 41 } });
  });
});
