import DataLoader from 'dataloader';
import type { MarketDb } from '../db/market-database.js';
import { findAssets } from './asset.repository.js';
import type { AssetRow } from './asset.table.js';

/** Batches entity lookups of one operation into a single query. */
export function createAssetsBySymbolLoader(db: MarketDb): DataLoader<string, AssetRow | null> {
  return new DataLoader(async (symbols) => {
    const rows = await findAssets(db, symbols);
    const bySymbol = new Map(rows.map((row) => [row.symbol, row]));
    return symbols.map((symbol) => bySymbol.get(symbol) ?? null);
  });
}
