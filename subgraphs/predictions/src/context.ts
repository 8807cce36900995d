import type { BaseContext, Identity } from '@cryptograph/core';
import type DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { PredictionsDatabase } from './db/predictions-database.js';
import type { AssetExists } from './market/market-client.js';
import { createModelsByIdLoader } from './models/models-by-id.js';
import { createModelsBySymbolLoader } from './models/models-by-symbol.js';
import type { ModelRow } from './models/model.table.js';

/** Per-operation context of the predictions subgraph, for HTTP and WebSocket alike. */
export interface Context extends BaseContext {
  readonly db: Kysely<PredictionsDatabase>;
  readonly assetExists: AssetExists;
  readonly modelsById: DataLoader<string, ModelRow | null>;
  readonly modelsBySymbol: DataLoader<string, ModelRow[]>;
}

/** Builds the one context factory of the predictions subgraph. */
export function contextFactory(db: Kysely<PredictionsDatabase>, assetExists: AssetExists): (identity: Identity) => Context {
  return (identity) => ({
    identity,
    db,
    assetExists,
    modelsById: createModelsByIdLoader(db),
    modelsBySymbol: createModelsBySymbolLoader(db),
  });
}
