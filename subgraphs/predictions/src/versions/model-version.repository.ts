import { sql, type Kysely, type Transaction } from 'kysely';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import type { VersionMetrics } from '../forecasting/metrics.js';
import type { ModelStage, ModelVersionRow, StageChangeRow } from './model-version.table.js';

type Db = Kysely<PredictionsDatabase> | Transaction<PredictionsDatabase>;

/** What a training run stores as a new version. */
export interface NewVersion {
  readonly modelId: string;
  readonly params: Record<string, number>;
  readonly metrics: VersionMetrics;
  readonly trainFrom: Date;
  readonly trainTo: Date;
  readonly fingerprint: string;
  readonly artifact: Record<string, unknown>;
  readonly jobId: string;
  readonly createdBy: string | null;
}

/** Inserts the model's next version (numbered under a lock of the model row) in DEVELOPMENT, with its audit entry. */
export async function insertVersion(trx: Transaction<PredictionsDatabase>, input: NewVersion): Promise<ModelVersionRow> {
  const existing = await trx.selectFrom('model_versions').selectAll().where('job_id', '=', input.jobId).executeTakeFirst();
  if (existing) return existing;
  await trx.selectFrom('models').select('id').where('id', '=', input.modelId).forUpdate().execute();
  const { next } = await trx
    .selectFrom('model_versions')
    .select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
    .where('model_id', '=', input.modelId)
    .executeTakeFirstOrThrow();
  const row = await trx
    .insertInto('model_versions')
    .values({
      model_id: input.modelId,
      version: Number(next),
      params: JSON.stringify(input.params),
      metrics: JSON.stringify(input.metrics),
      train_from: input.trainFrom,
      train_to: input.trainTo,
      data_fingerprint: input.fingerprint,
      artifact: JSON.stringify(input.artifact),
      job_id: input.jobId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx.insertInto('stage_changes').values({ version_id: row.id, from_stage: null, to_stage: 'DEVELOPMENT', changed_by: input.createdBy }).execute();
  return row;
}

/** One version by id. */
export async function findVersion(db: Db, id: string, forUpdate = false): Promise<ModelVersionRow | undefined> {
  let query = db.selectFrom('model_versions').selectAll().where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Versions of models, newest first per model. */
export async function versionsOfModels(db: Db, modelIds: readonly string[]): Promise<ModelVersionRow[]> {
  if (modelIds.length === 0) return [];
  return db.selectFrom('model_versions').selectAll().where('model_id', 'in', modelIds).orderBy('version', 'desc').execute();
}

/** Moves a version to `stage`, archiving the model's other PRODUCTION version first; audited. */
export async function changeStage(trx: Transaction<PredictionsDatabase>, version: ModelVersionRow, stage: ModelStage, changedBy: string | null): Promise<ModelVersionRow> {
  if (stage === 'PRODUCTION') {
    const current = await trx
      .updateTable('model_versions')
      .set({ stage: 'ARCHIVED' })
      .where('model_id', '=', version.model_id)
      .where('stage', '=', 'PRODUCTION')
      .where('id', '!=', version.id)
      .returning('id')
      .execute();
    for (const { id } of current) await trx.insertInto('stage_changes').values({ version_id: id, from_stage: 'PRODUCTION', to_stage: 'ARCHIVED', changed_by: changedBy }).execute();
  }
  const row = await trx.updateTable('model_versions').set({ stage }).where('id', '=', version.id).returningAll().executeTakeFirstOrThrow();
  await trx.insertInto('stage_changes').values({ version_id: version.id, from_stage: version.stage, to_stage: stage, changed_by: changedBy }).execute();
  return row;
}

/** The audit of a version's stage changes, oldest first. */
export async function stageHistory(db: Db, versionId: string): Promise<StageChangeRow[]> {
  return db.selectFrom('stage_changes').selectAll().where('version_id', '=', versionId).orderBy('id').execute();
}

/** The version a model predicts with: PRODUCTION, else the newest. */
export async function predictingVersion(db: Db, modelId: string): Promise<ModelVersionRow | undefined> {
  return db
    .selectFrom('model_versions')
    .selectAll()
    .where('model_id', '=', modelId)
    .where('stage', '!=', 'ARCHIVED')
    .orderBy(sql`case when stage = 'PRODUCTION' then 0 else 1 end`)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest scoring metrics of a version, if it was scored. */
export async function latestEvaluation(db: Db, versionId: string): Promise<VersionMetrics | undefined> {
  const row = await db.selectFrom('evaluations').select('metrics').where('version_id', '=', versionId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row?.metrics;
}
