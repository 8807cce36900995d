import type { Insertable } from 'kysely';
import type { PredictionsDb } from '../db/predictions-database.js';
import type { PromotionRow, PromotionTable } from './model-version.table.js';

/** Records one stage change with its evidence. */
export async function insertPromotion(db: PredictionsDb, promotion: Insertable<PromotionTable>): Promise<PromotionRow> {
  return db.insertInto('promotions').values(promotion).returningAll().executeTakeFirstOrThrow();
}

/** The stage changes of versions, oldest first per version. */
export async function promotionsOfVersions(db: PredictionsDb, versionIds: readonly string[]): Promise<PromotionRow[]> {
  if (versionIds.length === 0) return [];
  return db.selectFrom('promotions').selectAll().where('version_id', 'in', versionIds).orderBy('id').execute();
}

/** Ids of the model's versions in the order they last entered PRODUCTION, most recent first. */
export async function productionHistory(db: PredictionsDb, modelId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('promotions as p')
    .innerJoin('model_versions as v', 'v.id', 'p.version_id')
    .select(['p.version_id'])
    .where('v.model_id', '=', modelId)
    .where('p.stage', '=', 'PRODUCTION')
    .orderBy('p.id', 'desc')
    .execute();
  return [...new Set(rows.map((row) => row.version_id))];
}
