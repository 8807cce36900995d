import { createLogger } from '@cryptograph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCandleBatches } from '../import/import-candles.js';
import { createPriceIngestor } from '../ingest/price-ingestor.js';
import { signedIn, startMarketTestService, type MarketTestService } from '../test-support/market-test-service.js';
import { startOfflineFeed } from './offline-feed.js';

const minute = 60_000;
const logger = createLogger('offline-feed-real-time-test', 'silent');

/**
 * A live installation whose exchange became unreachable: its stored real minutes end a few minutes
 * ago and the offline feed continues them. At any speed it must not invent minutes that have not
 * happened yet, or going live again would move the clock back (and the scheduler, whose clock only
 * moves forward, would stop predicting until real time caught up with the simulation).
 */
describe('offline feed after live data', () => {
  let market: MarketTestService;
  let lastReal: number;

  beforeAll(async () => {
    market = await startMarketTestService();
    for (const symbol of ['ETH', 'SOL', 'ADA', 'XRP', 'DOGE', 'BNB'])
      await market.request(`mutation { removeAsset(symbol: "${symbol}") }`, {}, signedIn('ADMIN'));
    lastReal = Math.floor(Date.now() / minute) * minute - 3 * minute;
    const bars = Array.from({ length: 30 }, (_v, k) => ({
      ts: new Date(lastReal - (29 - k) * minute),
      open: 65_000,
      high: 65_020,
      low: 64_980,
      close: 65_010,
      volume: 2,
    }));
    await writeCandleBatches(market.service.db, 'BTC', '1m', bars);
  }, 120_000);

  afterAll(async () => {
    await market?.close();
  });

  it('catches up with real time at max speed and then plays at real time: no minute is invented before it has ended', async () => {
    const ingestor = createPriceIngestor({ db: market.service.db, cache: market.service.prices, bus: market.bus });
    const feed = startOfflineFeed({ db: market.service.db, ingestor, bus: market.bus, logger }, { speed: 'max', until: new Date(lastReal + 30 * minute) });
    try {
      // The minutes since the last real one that have already ended are simulated at once.
      await expect
        .poll(
          async () => (await market.service.db.selectFrom('candles').select('ts').where('symbol', '=', 'BTC').where('simulated', '=', true).execute()).length,
          { timeout: 10_000 },
        )
        .toBeGreaterThanOrEqual(2);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const simulated = await market.service.db
        .selectFrom('candles')
        .select('ts')
        .where('symbol', '=', 'BTC')
        .where('simulated', '=', true)
        .orderBy('ts')
        .execute();
      const checkedAt = Date.now();
      expect(simulated[0]!.ts.getTime()).toBe(lastReal + minute);
      for (const row of simulated) expect(new Date(row.ts).getTime() + minute, new Date(row.ts).toISOString()).toBeLessThanOrEqual(checkedAt);
    } finally {
      await feed.stop();
    }
  });
});
