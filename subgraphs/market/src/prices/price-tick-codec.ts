import type { MarketDataSource, PriceTickMessage } from '@cryptograph/core';
import type { LatestPrice } from './price-tick.js';

const sources: readonly MarketDataSource[] = ['LIVE', 'REPLAY', 'SIMULATED'];

/** Encodes a tick for the bus. */
export function toPriceTickMessage(tick: LatestPrice): PriceTickMessage {
  return { symbol: tick.symbol, price: tick.price, ts: tick.ts.toISOString(), source: tick.source };
}

/** Decodes a bus message; null when it is not a well-formed `PriceTickMessage` (a missing source reads as `REPLAY`). */
export function fromPriceTickMessage(message: unknown): LatestPrice | null {
  if (typeof message !== 'object' || message === null) return null;
  const { symbol, price, ts, source } = message as Record<string, unknown>;
  if (typeof symbol !== 'string' || typeof price !== 'number' || !Number.isFinite(price) || typeof ts !== 'string') return null;
  if (source !== undefined && !sources.includes(source as MarketDataSource)) return null;
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? null : { symbol, price, ts: date, source: (source as MarketDataSource | undefined) ?? 'REPLAY' };
}
