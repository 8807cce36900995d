import type { EventBus } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import { upsertCandles } from '../candles/candle.repository.js';
import type { Bar } from '../candles/candle.table.js';
import type { MarketDatabase } from '../db/market-database.js';
import type { PriceCache } from '../prices/price-cache.js';
import { priceTickChannel, toPriceTickEvent } from '../prices/price-tick-channel.js';
import type { LatestPrice } from '../prices/price-tick.js';

/** One trade of a live feed. */
export interface Trade {
  readonly symbol: string;
  readonly price: number;
  /** Traded amount in the base asset; 0 when unknown. */
  readonly size: number;
  readonly ts: Date;
}

/**
 * The one path by which live prices enter the system, shared by the replay feed and the exchange
 * connector: store the candle, update the hot price cache, publish the tick on the bus.
 */
export interface PriceIngestor {
  /** Stores complete minute bars (replacing stored ones) and publishes each close as a tick at the bar's start. */
  ingestMinuteBars(bars: readonly { symbol: string; bar: Bar }[]): Promise<void>;
  /** Merges a trade into the current minute's candle and publishes its price. */
  ingestTrade(trade: Trade): Promise<void>;
}

/** Creates the ingestor. Calls are serialized, so candle closes and ticks keep their order. */
export function createPriceIngestor(deps: { db: Kysely<MarketDatabase>; cache: PriceCache; bus: EventBus }): PriceIngestor {
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = (work: () => Promise<void>): Promise<void> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  const publish = async (tick: LatestPrice) => {
    await deps.cache.set(tick);
    await deps.bus.publish(priceTickChannel, toPriceTickEvent(tick));
  };
  return {
    ingestMinuteBars: (bars) =>
      serialized(async () => {
        for (const { symbol, bar } of bars) await upsertCandles(deps.db, symbol, '1m', [bar], 'replace');
        for (const { symbol, bar } of bars) await publish({ symbol, price: bar.close, ts: bar.ts });
      }),
    ingestTrade: (trade) =>
      serialized(async () => {
        const minute = new Date(Math.floor(trade.ts.getTime() / 60_000) * 60_000);
        const bar: Bar = { ts: minute, open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: trade.size };
        await upsertCandles(deps.db, trade.symbol, '1m', [bar], 'merge');
        await publish({ symbol: trade.symbol, price: trade.price, ts: trade.ts });
      }),
  };
}
