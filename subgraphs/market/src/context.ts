import type { BaseContext, Identity } from '@cryptograph/core';
import type DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import { createAssetsBySymbolLoader } from './assets/assets-by-symbol.js';
import type { AssetRow } from './assets/asset.table.js';
import type { MarketDatabase } from './db/market-database.js';

/** Per-operation context of the market subgraph, for HTTP and WebSocket alike. */
export interface Context extends BaseContext {
  readonly db: Kysely<MarketDatabase>;
  readonly assetsBySymbol: DataLoader<string, AssetRow | null>;
}

/** Builds the one context factory of the market subgraph. */
export function contextFactory(db: Kysely<MarketDatabase>): (identity: Identity) => Context {
  return (identity) => ({ identity, db, assetsBySymbol: createAssetsBySymbolLoader(db) });
}
