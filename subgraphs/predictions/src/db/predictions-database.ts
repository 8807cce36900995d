import type { JobEventTable, JobTable } from '../jobs/job.table.js';
import type { ModelTable } from '../models/model.table.js';
import type { PredictionTable } from '../predictions/prediction.table.js';
import type { EvaluationTable, ModelVersionTable, StageChangeTable } from '../versions/model-version.table.js';

/** Tables of the `predictions` schema. */
export interface PredictionsDatabase {
  models: ModelTable;
  model_versions: ModelVersionTable;
  stage_changes: StageChangeTable;
  evaluations: EvaluationTable;
  jobs: JobTable;
  job_events: JobEventTable;
  predictions: PredictionTable;
}

/** The Postgres schema the predictions subgraph owns. */
export const predictionsSchema = 'predictions';
