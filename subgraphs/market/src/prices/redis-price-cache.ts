import { Redis } from 'ioredis';
import type { MarketDataSource } from '@cryptograph/core';
import type { PriceCache } from './price-cache.js';
import type { LatestPrice } from './price-tick.js';

type StoredPrice = { p: number; t: number; s?: MarketDataSource };

const encode = (tick: LatestPrice) => JSON.stringify({ p: tick.price, t: tick.ts.getTime(), s: tick.source } satisfies StoredPrice);

function decode(symbol: string, value: string | null): LatestPrice | null {
  if (value === null) return null;
  const stored = JSON.parse(value) as StoredPrice;
  return { symbol, price: stored.p, ts: new Date(stored.t), source: stored.s ?? 'REPLAY' };
}

/**
 * The price cache in one Redis hash, `key` (one field per symbol, JSON `{ p, t, s }`), shared by all
 * replicas of one installation.
 */
export function createRedisPriceCache(url: string, key: string): PriceCache {
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  return {
    async getMany(symbols) {
      if (symbols.length === 0) return [];
      const values = await redis.hmget(key, ...symbols);
      return symbols.map((symbol, index) => decode(symbol, values[index] ?? null));
    },
    async set(tick) {
      await redis.hset(key, tick.symbol, encode(tick));
    },
    async warm(tick) {
      await redis.hsetnx(key, tick.symbol, encode(tick));
    },
    async close() {
      redis.disconnect();
    },
  };
}
