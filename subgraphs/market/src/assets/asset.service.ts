import { assetChangedChannel, notFound, type AssetChangedMessage, type EventBus } from '@cryptograph/core';
import type { MarketDb } from '../db/market-database.js';
import type { ProviderAsset } from '../generated/resolvers-types.js';
import { assetCatalog } from './asset-catalog.js';
import { deactivateAsset, findAsset, findAssets, upsertActiveAsset } from './asset.repository.js';
import type { AssetRow } from './asset.table.js';

/** The provider catalog, each entry marked with whether it is tracked now. */
export async function listProviderAssets(db: MarketDb): Promise<ProviderAsset[]> {
  const rows = await findAssets(
    db,
    assetCatalog.map((asset) => asset.symbol),
  );
  const active = new Set(rows.filter((row) => row.active).map((row) => row.symbol));
  return assetCatalog.map((asset) => ({ ...asset, tracked: active.has(asset.symbol) }));
}

/** Announces an added or removed asset on `assetChangedChannel` (the feed and other services follow it). */
export function announceAssetChange(bus: EventBus, symbol: string, change: AssetChangedMessage['change']): Promise<void> {
  return bus.publish(assetChangedChannel, { symbol, change } satisfies AssetChangedMessage);
}

/** Tracks a provider asset (reactivating a removed one) and announces it; NOT_FOUND when the provider does not offer it. */
export async function addAsset(db: MarketDb, bus: EventBus, symbol: string): Promise<AssetRow> {
  const entry = assetCatalog.find((asset) => asset.symbol === symbol);
  if (!entry) throw notFound('Provider asset', symbol);
  const row = await upsertActiveAsset(db, entry);
  await announceAssetChange(bus, symbol, 'added');
  return row;
}

/** Stops tracking an asset, keeping its history, and announces it; false when it was already removed, NOT_FOUND when unknown. */
export async function removeAsset(db: MarketDb, bus: EventBus, symbol: string): Promise<boolean> {
  if (await deactivateAsset(db, symbol)) {
    await announceAssetChange(bus, symbol, 'removed');
    return true;
  }
  if (!(await findAsset(db, symbol))) throw notFound('Asset', symbol);
  return false;
}
