import { notFound } from '@cryptograph/core';
import type { MarketDb } from '../db/market-database.js';
import type { ProviderAsset } from '../generated/resolvers-types.js';
import { assetCatalog } from './asset-catalog.js';
import { deactivateAsset, findAsset, findAssets, upsertActiveAsset } from './asset.repository.js';
import type { AssetRow } from './asset.table.js';

/** The provider catalog, each entry marked with whether it is tracked now. */
export async function listProviderAssets(db: MarketDb): Promise<ProviderAsset[]> {
  const rows = await findAssets(db, assetCatalog.map((asset) => asset.symbol));
  const active = new Set(rows.filter((row) => row.active).map((row) => row.symbol));
  return assetCatalog.map((asset) => ({ ...asset, tracked: active.has(asset.symbol) }));
}

/** Tracks a provider asset (reactivating a removed one); NOT_FOUND when the provider does not offer it. */
export async function addAsset(db: MarketDb, symbol: string): Promise<AssetRow> {
  const entry = assetCatalog.find((asset) => asset.symbol === symbol);
  if (!entry) throw notFound('Provider asset', symbol);
  return upsertActiveAsset(db, entry);
}

/** Stops tracking an asset, keeping its history; false when it was already removed, NOT_FOUND when unknown. */
export async function removeAsset(db: MarketDb, symbol: string): Promise<boolean> {
  if (await deactivateAsset(db, symbol)) return true;
  if (!(await findAsset(db, symbol))) throw notFound('Asset', symbol);
  return false;
}
