import { notFound } from '@cryptograph/core';
import { findAsset } from '../assets/asset.repository.js';
import type { MarketDb } from '../db/market-database.js';
import { nativeIntervalOf } from './candle-interval.js';
import { planCandles, type CandleArgs } from './candle-range.js';
import { aggregateCandles, latestCandleTs } from './candle.repository.js';
import type { Bar } from './candle.table.js';

/**
 * Candles of an asset (`checkAsset` false when the caller already holds its row): NOT_FOUND for
 * an unknown symbol, then validates and plans the range and aggregates in SQL.
 */
export async function queryCandles(db: MarketDb, symbol: string, args: CandleArgs, checkAsset = true): Promise<Bar[]> {
  if (checkAsset && !(await findAsset(db, symbol))) throw notFound('Asset', symbol);
  const plan = await planCandles(args, () => latestCandleTs(db, symbol, nativeIntervalOf(args.interval)));
  return aggregateCandles(db, { symbol, ...plan });
}
