import type { AssetTable } from '../assets/asset.table.js';

/** Tables of the `market` schema. */
export interface MarketDatabase {
  assets: AssetTable;
}

/** The Postgres schema the market subgraph owns. */
export const marketSchema = 'market';
