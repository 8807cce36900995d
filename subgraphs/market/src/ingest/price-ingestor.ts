import { barClosedChannel, candlesChangedChannel, priceTickChannel, type BarClosedMessage, type CandlesChangedMessage, type EventBus } from '@cryptograph/core';
import { insertSimulatedMinutes, upsertCandles } from '../candles/candle.repository.js';
import type { Bar } from '../candles/candle.table.js';
import type { MarketDb } from '../db/market-database.js';
import type { PriceCache } from '../prices/price-cache.js';
import { toPriceTickMessage } from '../prices/price-tick-codec.js';
import type { LatestPrice } from '../prices/price-tick.js';

/** One trade of a live feed. */
export interface Trade {
  readonly symbol: string;
  readonly price: number;
  /** Traded amount in the base asset; 0 when unknown. */
  readonly size: number;
  readonly ts: Date;
}

/** A minute bar of one symbol. */
export interface SymbolBar {
  readonly symbol: string;
  readonly bar: Bar;
}

/**
 * The one path by which prices enter the system, shared by the replay, the simulation and the
 * exchange connector: store the candle, update the hot price cache, publish the tick and the
 * closed bar on the bus (`market-channels.ts` in core is the contract).
 */
export interface PriceIngestor {
  /**
   * Stores complete real minute bars (replacing stored ones, simulated ones included) and publishes each close as a
   * tick at the bar's start, then the bar as closed.
   */
  ingestMinuteBars(bars: readonly SymbolBar[], source?: 'REPLAY' | 'LIVE'): Promise<void>;
  /** Publishes real bars that are already stored (replayed from the database, or backfilled) as ticks and closed bars. */
  publishStoredBars(bars: readonly SymbolBar[], source?: 'REPLAY' | 'LIVE'): Promise<void>;
  /** Stores simulated minute bars (never over a stored bar) and publishes the ones written as SIMULATED ticks and closed bars. */
  ingestSimulatedMinutes(bars: readonly SymbolBar[]): Promise<void>;
  /** Merges a live trade into its minute's candle and publishes its price. */
  ingestTrade(trade: Trade): Promise<void>;
  /** Announces that a live minute bar is complete. */
  closeLiveBar(symbol: string, ts: Date): Promise<void>;
  /** Announces that stored candles changed in a range (import, backfill). */
  candlesChanged(message: CandlesChangedMessage): Promise<void>;
}

/** Creates the ingestor. Calls are serialized, so candle writes, ticks and closed bars keep their order. */
export function createPriceIngestor(deps: { db: MarketDb; cache: PriceCache; bus: EventBus }): PriceIngestor {
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = (work: () => Promise<void>): Promise<void> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  const publishTick = async (tick: LatestPrice) => {
    await deps.cache.set(tick);
    await deps.bus.publish(priceTickChannel, toPriceTickMessage(tick));
  };
  const publishClosed = (symbol: string, ts: Date, simulated: boolean) =>
    deps.bus.publish(barClosedChannel, { symbol, ts: ts.toISOString(), simulated } satisfies BarClosedMessage);
  const publishBars = async (bars: readonly SymbolBar[], source: LatestPrice['source']) => {
    for (const { symbol, bar } of bars) await publishTick({ symbol, price: bar.close, ts: bar.ts, source });
    for (const { symbol, bar } of bars) await publishClosed(symbol, bar.ts, source === 'SIMULATED');
  };
  return {
    ingestMinuteBars: (bars, source = 'REPLAY') =>
      serialized(async () => {
        const bySymbol = new Map<string, Bar[]>();
        for (const { symbol, bar } of bars) bySymbol.set(symbol, [...(bySymbol.get(symbol) ?? []), bar]);
        for (const [symbol, symbolBars] of bySymbol) await upsertCandles(deps.db, symbol, '1m', symbolBars, 'replace');
        await publishBars(bars, source);
      }),
    publishStoredBars: (bars, source = 'REPLAY') => serialized(() => publishBars(bars, source)),
    ingestSimulatedMinutes: (bars) =>
      serialized(async () => {
        const written = new Set((await insertSimulatedMinutes(deps.db, bars)).map((row) => `${row.symbol}@${row.ts.getTime()}`));
        await publishBars(
          bars.filter(({ symbol, bar }) => written.has(`${symbol}@${bar.ts.getTime()}`)),
          'SIMULATED',
        );
      }),
    ingestTrade: (trade) =>
      serialized(async () => {
        const minute = new Date(Math.floor(trade.ts.getTime() / 60_000) * 60_000);
        const bar: Bar = { ts: minute, open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: trade.size };
        await upsertCandles(deps.db, trade.symbol, '1m', [bar], 'merge');
        await publishTick({ symbol: trade.symbol, price: trade.price, ts: trade.ts, source: 'LIVE' });
      }),
    closeLiveBar: (symbol, ts) => serialized(() => publishClosed(symbol, ts, false)),
    candlesChanged: (message) => serialized(() => deps.bus.publish(candlesChangedChannel, message)),
  };
}
