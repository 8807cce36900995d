import { newestBars } from '../candles/candle.repository.js';
import type { MarketDb } from '../db/market-database.js';
import type { PriceCache } from './price-cache.js';

/**
 * Fills the cache once at start, where no price is cached yet, with each asset's last stored close:
 * that of its newest bar, daily or minute, whichever ends later (so the price continues the chart).
 */
export async function warmPriceCache(db: MarketDb, cache: PriceCache): Promise<void> {
  for (const bar of await newestBars(db))
    await cache.warm({ symbol: bar.symbol, price: bar.close, ts: bar.ts, source: bar.simulated ? 'SIMULATED' : 'REPLAY' });
}

/**
 * Redis key of an installation's price hash: one per database, so replicas sharing a database
 * share prices and separate installations (or test databases) on one Redis never mix.
 */
export function priceCacheKey(env: { DATABASE_URL?: string | undefined; DATA_DIR: string }): string {
  const database = env.DATABASE_URL ? `${new URL(env.DATABASE_URL).host}${new URL(env.DATABASE_URL).pathname}` : `embedded:${env.DATA_DIR}`;
  return `cryptograph:market:latest-prices:${database}`;
}
