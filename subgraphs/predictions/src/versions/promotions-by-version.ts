import DataLoader from 'dataloader';
import type { PredictionsDb } from '../db/predictions-database.js';
import type { PromotionRow } from './model-version.table.js';
import { promotionsOfVersions } from './promotion.repository.js';

/** Batches the promotions of the versions of one operation into a single query (oldest first). */
export function createPromotionsByVersionLoader(db: PredictionsDb): DataLoader<string, PromotionRow[]> {
  return new DataLoader(async (versionIds) => {
    const rows = await promotionsOfVersions(db, versionIds);
    return versionIds.map((id) => rows.filter((row) => row.version_id === id));
  });
}
