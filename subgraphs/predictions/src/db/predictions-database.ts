import type { ModelTable } from '../models/model.table.js';

/** Tables of the `predictions` schema. */
export interface PredictionsDatabase {
  models: ModelTable;
}

/** The Postgres schema the predictions subgraph owns. */
export const predictionsSchema = 'predictions';
