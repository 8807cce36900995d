import type { Insertable, Kysely, Transaction } from 'kysely';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import type { PromotionRow, PromotionTable } from './model-version.table.js';

type Db = Kysely<PredictionsDatabase> | Transaction<PredictionsDatabase>;

/** Records one stage change with its evidence. */
export async function insertPromotion(db: Db, promotion: Insertable<PromotionTable>): Promise<PromotionRow> {
  return db.insertInto('promotions').values(promotion).returningAll().executeTakeFirstOrThrow();
}

/** The stage changes of versions, oldest first per version. */
export async function promotionsOfVersions(db: Db, versionIds: readonly string[]): Promise<PromotionRow[]> {
  if (versionIds.length === 0) return [];
  return db.selectFrom('promotions').selectAll().where('version_id', 'in', versionIds).orderBy('id').execute();
}

/** Ids of the model's versions in the order they last entered PRODUCTION, most recent first. */
export async function productionHistory(db: Db, modelId: string): Promise<string[]> {
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
