// The market feed through the gateway: what the API says about the data (sources, simulated candles, the feed's state) and bad candle ranges.
import { beforeAll, describe, expect, it } from 'vitest';
import { logInAdmin, signUp, type Account } from '../support/accounts.js';
import { startE2eStack, stopStackAfterAll, type TestStack } from '../support/stack.js';

let stack: TestStack;
let viewer: Account;

beforeAll(async () => {
  // The offline feed at 600x on the shipped data: the simulated market continues after the daily history.
  stack = await startE2eStack({
    MARKET_SEED_DATA: 'true',
    EXCHANGE_FEED: 'auto',
    REPLAY_SPEED: '600',
    EXCHANGE_REST_URL: 'http://127.0.0.1:9',
    EXCHANGE_WS_URL: 'ws://127.0.0.1:9',
    EXCHANGE_PROBE_TIMEOUT_MS: '1000',
  });
  await logInAdmin(stack);
  viewer = await signUp(stack, 'feed_viewer');
}, 120_000);

stopStackAfterAll(() => stack);

describe('market feed through the gateway', () => {
  it('falls back to the simulated market when the exchange is unreachable, and says so in marketFeed', async () => {
    const feed = async () => (await stack.graphql(`{ marketFeed { source mode speed time lagSeconds symbols } }`, {}, { token: viewer.accessToken })).body;
    await expect.poll(async () => (await feed()).data?.marketFeed?.time ?? null, { timeout: 20_000 }).not.toBeNull();
    const { data, errors } = await feed();
    expect(errors).toBeUndefined();
    expect(data.marketFeed).toMatchObject({ source: 'SIMULATED', mode: 'simulated', speed: 600, symbols: ['ADA', 'BNB', 'BTC', 'DOGE', 'ETH', 'SOL', 'XRP'] });
    // One timeline: the simulation continues after the shipped daily history (2024-06-30).
    expect(Date.parse(data.marketFeed.time)).toBeGreaterThanOrEqual(Date.parse('2024-07-01T00:00:00Z'));
    expect(data.marketFeed.lagSeconds).toBeLessThan(5);
    const anonymous = await stack.graphql(`{ marketFeed { mode } }`);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('labels prices and candles: the live price continues the daily chart and simulated candles say so', async () => {
    await expect
      .poll(async () => (await stack.graphql(`{ latestPrice(symbol: "BTC") { source } }`, {}, { token: viewer.accessToken })).body.data?.latestPrice?.source, {
        timeout: 20_000,
      })
      .toBe('SIMULATED');
    const result = await stack.graphql(
      `{ latestPrice(symbol: "BTC") { price ts source }
         history: candles(symbol: "BTC", interval: D1, from: "2024-06-25T00:00:00Z", to: "2024-07-01T00:00:00Z") { ts close simulated }
         live: candles(symbol: "BTC", interval: D1, from: "2024-07-01T00:00:00Z", to: "2024-07-02T00:00:00Z") { ts open simulated } }`,
      {},
      { token: viewer.accessToken },
    );
    expect(result.body.errors).toBeUndefined();
    const { latestPrice, history, live } = result.body.data;
    expect(history.every((candle: { simulated: boolean }) => !candle.simulated)).toBe(true);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ ts: '2024-07-01T00:00:00.000Z', simulated: true });
    // The simulated day opens within 2 % of the last real daily close.
    expect(Math.abs(live[0].open / history.at(-1).close - 1)).toBeLessThan(0.02);
    expect(latestPrice.ts >= '2024-07-01').toBe(true);
  });

  it('answers a malformed from/to with BAD_USER_INPUT naming the argument, not a downstream error', async () => {
    for (const field of ['from', 'to']) {
      const viaVariables = await stack.graphql(
        `query($t: DateTime) { candles(symbol: "BTC", interval: D1, ${field}: $t) { ts } }`,
        { t: '2024-13-45' },
        { token: viewer.accessToken },
      );
      expect(viaVariables.body.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
      const inline = await stack.graphql(`{ candles(symbol: "BTC", interval: D1, ${field}: "2024-13-45") { ts } }`, {}, { token: viewer.accessToken });
      expect(inline.body.errors?.[0]?.extensions, `inline ${field}`).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
