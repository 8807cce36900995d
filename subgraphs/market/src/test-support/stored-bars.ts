import type { AggregatedBar } from '../candles/candle.table.js';
import type { NativeInterval } from '../candles/candle-interval.js';
import type { MarketDb } from '../db/market-database.js';

/** The stored bars of `symbol` at `interval` (from `from` on, when given), oldest first, each with its `simulated` flag. */
export async function storedBars(db: MarketDb, symbol: string, interval: NativeInterval, from?: Date): Promise<AggregatedBar[]> {
  const rows = await db
    .selectFrom('candles')
    .selectAll()
    .where('symbol', '=', symbol)
    .where('interval', '=', interval)
    .$if(from !== undefined, (query) => query.where('ts', '>=', from!))
    .orderBy('ts')
    .execute();
  return rows.map((row) => ({
    ts: new Date(row.ts),
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    volume: row.volume,
    simulated: row.simulated,
  }));
}
