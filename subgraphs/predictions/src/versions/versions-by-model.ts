import DataLoader from 'dataloader';
import type { PredictionsDb } from '../db/predictions-database.js';
import { versionsOfModels } from './model-version.repository.js';
import type { ModelVersionRow } from './model-version.table.js';

/** Batches the versions of the models of one operation into a single query (newest first). */
export function createVersionsByModelLoader(db: PredictionsDb): DataLoader<string, ModelVersionRow[]> {
  return new DataLoader(async (modelIds) => {
    const rows = await versionsOfModels(db, modelIds);
    return modelIds.map((id) => rows.filter((row) => row.model_id === id));
  });
}
