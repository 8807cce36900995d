import DataLoader from 'dataloader';
import type { PredictionsDb } from '../db/predictions-database.js';
import { findModels } from './model.repository.js';
import type { ModelRow } from './model.table.js';

/** Batches model lookups by id of one operation into a single query. */
export function createModelsByIdLoader(db: PredictionsDb): DataLoader<string, ModelRow | null> {
  return new DataLoader(async (ids) => {
    const rows = await findModels(db, ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
