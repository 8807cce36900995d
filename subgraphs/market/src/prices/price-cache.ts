import type { LatestPrice } from './price-tick.js';

/**
 * The hot cache of latest prices that ingestion keeps and `latestPrice` reads: a Redis hash when
 * REDIS_URL is set (so every replica answers the same), an in-process map otherwise. The last
 * ingested tick wins, whatever its time: in replay, replay time is the clock (the shipped daily
 * bars reach further than the minute bars being replayed).
 */
export interface PriceCache {
  /** The cached prices of `symbols`, in order; null where none is cached. */
  getMany(symbols: readonly string[]): Promise<(LatestPrice | null)[]>;
  /** Stores `tick` as the symbol's latest price. */
  set(tick: LatestPrice): Promise<void>;
  /** Stores `tick` only when nothing is cached for the symbol (warming from stored candles). */
  warm(tick: LatestPrice): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** The in-process cache used on embedded defaults. */
export function createMemoryPriceCache(): PriceCache {
  const prices = new Map<string, LatestPrice>();
  return {
    async getMany(symbols) {
      return symbols.map((symbol) => prices.get(symbol) ?? null);
    },
    async set(tick) {
      prices.set(tick.symbol, tick);
    },
    async warm(tick) {
      if (!prices.has(tick.symbol)) prices.set(tick.symbol, tick);
    },
    async close() {
      prices.clear();
    },
  };
}
