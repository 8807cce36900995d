import type { SchemaDb, SchemaOutsideTransaction } from '@cryptograph/core';
import type { Transaction } from 'kysely';
import type { JobEventTable, JobTable } from '../jobs/job.table.js';
import type { ModelTable } from '../models/model.table.js';
import type { PredictionTable } from '../predictions/prediction.table.js';
import type { FeedClockTable, ModelScheduleTable, RemovedAssetTable } from '../schedule/schedule.table.js';
import type { EvaluationTable, ModelVersionTable, PromotionTable } from '../versions/model-version.table.js';

/** Tables of the `predictions` schema. */
export interface PredictionsDatabase {
  models: ModelTable;
  model_versions: ModelVersionTable;
  promotions: PromotionTable;
  evaluations: EvaluationTable;
  jobs: JobTable;
  job_events: JobEventTable;
  predictions: PredictionTable;
  model_schedules: ModelScheduleTable;
  feed_clock: FeedClockTable;
  removed_assets: RemovedAssetTable;
}

/** The Postgres schema the predictions subgraph owns. */
export const predictionsSchema = 'predictions';

/** The predictions schema, or a transaction in it: what repositories and services take first. */
export type PredictionsDb = SchemaDb<PredictionsDatabase>;

/** The predictions schema itself, never a transaction in it: what code that opens a transaction takes. */
export type PredictionsSchema = SchemaOutsideTransaction<PredictionsDatabase>;

/** A transaction in the predictions schema, for writes that must commit (and lock) together. */
export type PredictionsTransaction = Transaction<PredictionsDatabase>;
