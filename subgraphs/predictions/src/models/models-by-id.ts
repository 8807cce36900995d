import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import { findModels } from './model.repository.js';
import type { ModelRow } from './model.table.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `id` is shaped like a UUID (anything else cannot name a model). */
export function isUuid(id: string): boolean {
  return uuidPattern.test(id);
}

/** Batches model lookups by id of one operation into a single query. */
export function createModelsByIdLoader(db: Kysely<PredictionsDatabase>): DataLoader<string, ModelRow | null> {
  return new DataLoader(async (ids) => {
    const rows = await findModels(db, ids.filter(isUuid));
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
