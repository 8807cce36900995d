import type { SchemaDb, SchemaOutsideTransaction } from '@cryptograph/core';
import type { AssetTable } from '../assets/asset.table.js';
import type { CandleTable } from '../candles/candle.table.js';
import type { FeedStateTable } from '../feed/feed-state.table.js';
import type { InstallationTable } from '../seed/installation.table.js';

/** Tables of the `market` schema. */
export interface MarketDatabase {
  assets: AssetTable;
  candles: CandleTable;
  installation: InstallationTable;
  feed_state: FeedStateTable;
}

/** The market schema, or a transaction in it: what repositories take first. */
export type MarketDb = SchemaDb<MarketDatabase>;

/** The market schema itself, never a transaction in it: what code that opens a transaction takes. */
export type MarketSchema = SchemaOutsideTransaction<MarketDatabase>;

/** The Postgres schema the market subgraph owns. */
export const marketSchema = 'market';
