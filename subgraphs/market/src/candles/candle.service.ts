import { notFound } from '@cryptograph/core';
import { findAsset } from '../assets/asset.repository.js';
import type { MarketDb } from '../db/market-database.js';
import { planCandles, type CandleArgs } from './candle-range.js';
import { aggregateCandles, latestCandleTs } from './candle.repository.js';
import type { AggregatedBar } from './candle.table.js';

const dayMs = 86_400_000;

/**
 * Start of the newest candle of the asset at `native` resolution: for daily candles the later of
 * the newest daily bar and the day of the newest minute bar (days after the daily history are
 * rolled up from minutes).
 */
async function newestCandleTs(db: MarketDb, symbol: string, native: '1m' | '1d'): Promise<Date | null> {
  const minute = await latestCandleTs(db, symbol, '1m');
  if (native === '1m') return minute;
  const day = await latestCandleTs(db, symbol, '1d');
  const minuteDay = minute ? Math.floor(minute.getTime() / dayMs) * dayMs : null;
  const newest = Math.max(day?.getTime() ?? -Infinity, minuteDay ?? -Infinity);
  return Number.isFinite(newest) ? new Date(newest) : null;
}

/**
 * Candles of an asset (`checkAsset` false when the caller already holds its row): NOT_FOUND for
 * an unknown symbol, then validates and plans the range and aggregates in SQL.
 */
export async function queryCandles(db: MarketDb, symbol: string, args: CandleArgs, checkAsset = true): Promise<AggregatedBar[]> {
  if (checkAsset && !(await findAsset(db, symbol))) throw notFound('Asset', symbol);
  const native = args.interval === 'D1' ? '1d' : '1m';
  const plan = await planCandles(
    args,
    () => newestCandleTs(db, symbol, native),
    new Date(),
    () => latestCandleTs(db, symbol, '1m'),
  );
  return aggregateCandles(db, { symbol, ...plan });
}
