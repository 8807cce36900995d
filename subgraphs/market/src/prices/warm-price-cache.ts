import type { Kysely } from 'kysely';
import { latestCloses } from '../candles/candle.repository.js';
import type { MarketDatabase } from '../db/market-database.js';
import type { PriceCache } from './price-cache.js';

/** Fills the cache once at start with each asset's last stored close, where no price is cached yet. */
export async function warmPriceCache(db: Kysely<MarketDatabase>, cache: PriceCache): Promise<void> {
  for (const { symbol, ts, close } of await latestCloses(db)) await cache.warm({ symbol, price: close, ts });
}

/**
 * Redis key of an installation's price hash: one per database, so replicas sharing a database
 * share prices and separate installations (or test databases) on one Redis never mix.
 */
export function priceCacheKey(env: { DATABASE_URL?: string | undefined; DATA_DIR: string }): string {
  const database = env.DATABASE_URL ? `${new URL(env.DATABASE_URL).host}${new URL(env.DATABASE_URL).pathname}` : `embedded:${env.DATA_DIR}`;
  return `cryptograph:market:latest-prices:${database}`;
}
