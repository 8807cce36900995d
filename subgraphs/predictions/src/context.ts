import type { BaseContext, EventBus, Identity, Logger } from '@cryptograph/core';
import type DataLoader from 'dataloader';
import type { PredictionsSchema } from './db/predictions-database.js';
import type { ResumableHub } from './events/resumable-stream.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { JobSnapshot } from './jobs/job.table.js';
import type { AssetExists, MarketClient } from './market/market-client.js';
import { createModelsByIdLoader } from './models/models-by-id.js';
import { createModelsBySymbolLoader } from './models/models-by-symbol.js';
import type { ModelRow } from './models/model.table.js';
import type { PredictionRow } from './predictions/prediction.table.js';
import { createPromotionsByVersionLoader } from './versions/promotions-by-version.js';
import { createVersionsByModelLoader } from './versions/versions-by-model.js';
import type { ModelVersionRow, PromotionRow } from './versions/model-version.table.js';

/** Long-lived parts of the predictions service that every operation uses. */
export interface PredictionsParts {
  readonly db: PredictionsSchema;
  readonly market: MarketClient;
  readonly queue: JobQueue;
  readonly bus: EventBus;
  readonly logger: Logger;
  readonly predictionHub: ResumableHub<PredictionRow>;
  readonly jobHub: ResumableHub<JobSnapshot>;
}

/** Per-operation context of the predictions subgraph, for HTTP and WebSocket alike. */
export interface Context extends BaseContext, PredictionsParts {
  readonly assetExists: AssetExists;
  readonly modelsById: DataLoader<string, ModelRow | null>;
  readonly modelsBySymbol: DataLoader<string, ModelRow[]>;
  readonly versionsByModel: DataLoader<string, ModelVersionRow[]>;
  readonly promotionsByVersion: DataLoader<string, PromotionRow[]>;
}

/** Builds the one context factory of the predictions subgraph. */
export function contextFactory(parts: PredictionsParts): (identity: Identity) => Context {
  return (identity) => ({
    ...parts,
    identity,
    assetExists: parts.market.assetExists,
    modelsById: createModelsByIdLoader(parts.db),
    modelsBySymbol: createModelsBySymbolLoader(parts.db),
    versionsByModel: createVersionsByModelLoader(parts.db),
    promotionsByVersion: createPromotionsByVersionLoader(parts.db),
  });
}
