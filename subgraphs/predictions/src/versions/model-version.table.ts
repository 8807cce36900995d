import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ModelParams } from '../forecasting/algorithms.js';
import type { VersionMetrics } from '../forecasting/metrics.js';

/** Lifecycle stages of a version. */
export type ModelStage = 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION' | 'ARCHIVED';

/** What started the training of a version. */
export type TrainingTrigger = 'MANUAL' | 'SCHEDULED' | 'DEFAULT';

/** The `predictions.model_versions` table: immutable trained versions (only `stage` changes). */
export interface ModelVersionTable {
  id: Generated<string>;
  model_id: string;
  version: number;
  stage: ColumnType<ModelStage, ModelStage | undefined, ModelStage>;
  params: ColumnType<ModelParams, string, never>;
  metrics: ColumnType<VersionMetrics, string, never>;
  train_from: ColumnType<Date, Date, never>;
  train_to: ColumnType<Date, Date, never>;
  trained_at: Generated<Date>;
  data_fingerprint: ColumnType<string, string, never>;
  artifact: ColumnType<Record<string, unknown>, string, never>;
  job_id: ColumnType<string, string, never>;
  trigger: ColumnType<TrainingTrigger, TrainingTrigger, never>;
}

/** One row of `predictions.model_versions`. */
export type ModelVersionRow = Selectable<ModelVersionTable>;

/** The `predictions.promotions` table: every stage change of a version, manual or automatic, with its evidence. */
export interface PromotionTable {
  id: Generated<number>;
  version_id: string;
  from_stage: ModelStage | null;
  stage: ModelStage;
  at: Generated<Date>;
  /** Who made the change; null for the system. */
  by: string | null;
  automatic: boolean;
  reason: string;
  champion_skill: number | null;
  challenger_skill: number | null;
  eval_from: Date | null;
  eval_to: Date | null;
}

/** One row of `predictions.promotions`. */
export type PromotionRow = Selectable<PromotionTable>;

/** The `predictions.evaluations` table: scoring runs of versions. */
export interface EvaluationTable {
  id: Generated<string>;
  version_id: string;
  job_id: string;
  metrics: ColumnType<VersionMetrics, string, never>;
  /** The window scored, as requested: [window_from, window_to). */
  window_from: Date | null;
  window_to: Date | null;
  created_at: Generated<Date>;
}
