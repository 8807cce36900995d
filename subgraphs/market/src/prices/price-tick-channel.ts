import type { LatestPrice } from './price-tick.js';

/**
 * Event-bus channel of price ticks: every feed (replay, exchange) publishes here and every market
 * subgraph process turns these into `Subscription.priceUpdated` events.
 */
export const priceTickChannel = 'market.price-tick';

/** Payload of one message on `priceTickChannel` (JSON on the bus). */
export interface PriceTickEvent {
  /** Upper-case ticker, e.g. `BTC`. */
  readonly symbol: string;
  /** Last price in the asset's quote currency. */
  readonly price: number;
  /** ISO-8601 UTC time of the price, e.g. `2023-12-22T00:01:00.000Z`. */
  readonly ts: string;
}

/** Encodes a tick for the bus. */
export function toPriceTickEvent(tick: LatestPrice): PriceTickEvent {
  return { symbol: tick.symbol, price: tick.price, ts: tick.ts.toISOString() };
}

/** Decodes a bus message; null when it is not a well-formed `PriceTickEvent`. */
export function fromPriceTickEvent(message: unknown): LatestPrice | null {
  if (typeof message !== 'object' || message === null) return null;
  const { symbol, price, ts } = message as Record<string, unknown>;
  if (typeof symbol !== 'string' || typeof price !== 'number' || !Number.isFinite(price) || typeof ts !== 'string') return null;
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? null : { symbol, price, ts: date };
}
