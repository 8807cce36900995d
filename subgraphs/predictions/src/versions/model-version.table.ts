import type { ColumnType, Generated, Selectable } from 'kysely';
import type { VersionMetrics } from '../forecasting/metrics.js';

/** Lifecycle stages of a version. */
export type ModelStage = 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION' | 'ARCHIVED';

/** The `predictions.model_versions` table: immutable trained versions (only `stage` changes). */
export interface ModelVersionTable {
  id: Generated<string>;
  model_id: string;
  version: number;
  stage: ColumnType<ModelStage, ModelStage | undefined, ModelStage>;
  params: ColumnType<Record<string, number>, string, never>;
  metrics: ColumnType<VersionMetrics, string, never>;
  train_from: ColumnType<Date, Date, never>;
  train_to: ColumnType<Date, Date, never>;
  trained_at: Generated<Date>;
  data_fingerprint: ColumnType<string, string, never>;
  artifact: ColumnType<Record<string, unknown>, string, never>;
  job_id: ColumnType<string, string, never>;
}

/** One row of `predictions.model_versions`. */
export type ModelVersionRow = Selectable<ModelVersionTable>;

/** The `predictions.stage_changes` table: the audit of stage changes. */
export interface StageChangeTable {
  id: Generated<number>;
  version_id: string;
  from_stage: ModelStage | null;
  to_stage: ModelStage;
  changed_by: string | null;
  changed_at: Generated<Date>;
}

/** One row of `predictions.stage_changes`. */
export type StageChangeRow = Selectable<StageChangeTable>;

/** The `predictions.evaluations` table: scoring runs of versions. */
export interface EvaluationTable {
  id: Generated<string>;
  version_id: string;
  job_id: string;
  metrics: ColumnType<VersionMetrics, string, never>;
  created_at: Generated<Date>;
}
