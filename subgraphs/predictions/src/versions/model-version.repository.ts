import { sql } from 'kysely';
import type { PredictionsDb, PredictionsTransaction } from '../db/predictions-database.js';
import { isUuid } from '../db/uuid.js';
import type { VersionMetrics } from '../forecasting/metrics.js';
import type { ModelStage, ModelVersionRow, TrainingTrigger } from './model-version.table.js';
import { insertPromotion } from './promotion.repository.js';

/** What a training run stores as a new version. */
export interface NewVersion {
  readonly modelId: string;
  readonly params: Record<string, number | boolean>;
  readonly metrics: VersionMetrics;
  readonly trainFrom: Date;
  readonly trainTo: Date;
  readonly fingerprint: string;
  readonly artifact: Record<string, unknown>;
  readonly jobId: string;
  readonly trigger: TrainingTrigger;
  readonly createdBy: string | null;
}

/** Why and by whom a stage changes, with the evidence of automatic decisions. */
export interface StageChange {
  readonly by: string | null;
  readonly automatic: boolean;
  readonly reason: string;
  readonly championSkill?: number | null;
  readonly challengerSkill?: number | null;
  readonly evalFrom?: Date | null;
  readonly evalTo?: Date | null;
}

/**
 * Inserts the model's next version (numbered under a lock of the model row) in DEVELOPMENT, with its first promotion
 * entry; an existing version of the same job is returned as is.
 */
export async function insertVersion(trx: PredictionsTransaction, input: NewVersion): Promise<{ row: ModelVersionRow; created: boolean }> {
  const existing = await trx.selectFrom('model_versions').selectAll().where('job_id', '=', input.jobId).executeTakeFirst();
  if (existing) return { row: existing, created: false };
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
      trigger: input.trigger,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const by = input.trigger === 'MANUAL' ? input.createdBy : null;
  await insertPromotion(trx, {
    version_id: row.id,
    from_stage: null,
    stage: 'DEVELOPMENT',
    by,
    automatic: by === null,
    reason: `Trained (${input.trigger.toLowerCase()}) on [${input.trainFrom.toISOString()}, ${input.trainTo.toISOString()}).`,
  });
  return { row, created: true };
}

/** One version by id, optionally locked for the rest of the transaction (an id that is not a UUID names none). */
export async function findVersion(db: PredictionsDb, id: string, forUpdate = false): Promise<ModelVersionRow | undefined> {
  if (!isUuid(id)) return undefined;
  let query = db.selectFrom('model_versions').selectAll().where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Versions of models, newest first per model, at most `perModel` of each. */
export async function versionsOfModels(db: PredictionsDb, modelIds: readonly string[], perModel = 100): Promise<ModelVersionRow[]> {
  if (modelIds.length === 0) return [];
  const ranked = db
    .selectFrom('model_versions')
    .selectAll()
    .select(sql<number>`row_number() over (partition by model_id order by version desc)`.as('rank'))
    .where('model_id', 'in', modelIds)
    .as('ranked');
  const rows = await db.selectFrom(ranked).selectAll().where('rank', '<=', perModel).orderBy('version', 'desc').execute();
  return rows.map(({ rank: _rank, ...row }) => row as ModelVersionRow);
}

/** The model's PRODUCTION version, locked for the rest of the transaction when asked. */
export async function productionVersion(db: PredictionsDb, modelId: string, forUpdate = false): Promise<ModelVersionRow | undefined> {
  let query = db.selectFrom('model_versions').selectAll().where('model_id', '=', modelId).where('stage', '=', 'PRODUCTION');
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/**
 * Moves a version to `stage` and records the promotion; moving one to PRODUCTION first archives the
 * model's current PRODUCTION version (recorded too, with the same reason).
 */
export async function changeStage(trx: PredictionsTransaction, version: ModelVersionRow, stage: ModelStage, change: StageChange): Promise<ModelVersionRow> {
  const evidence = {
    by: change.by,
    automatic: change.automatic,
    champion_skill: change.championSkill ?? null,
    challenger_skill: change.challengerSkill ?? null,
    eval_from: change.evalFrom ?? null,
    eval_to: change.evalTo ?? null,
  };
  if (stage === 'PRODUCTION') {
    const replaced = await trx
      .updateTable('model_versions')
      .set({ stage: 'ARCHIVED' })
      .where('model_id', '=', version.model_id)
      .where('stage', '=', 'PRODUCTION')
      .where('id', '!=', version.id)
      .returning(['id', 'version'])
      .execute();
    for (const old of replaced)
      await insertPromotion(trx, {
        ...evidence,
        version_id: old.id,
        from_stage: 'PRODUCTION',
        stage: 'ARCHIVED',
        reason: `Replaced by version ${version.version}: ${change.reason}`,
      });
  }
  const row = await trx.updateTable('model_versions').set({ stage }).where('id', '=', version.id).returningAll().executeTakeFirstOrThrow();
  await insertPromotion(trx, { ...evidence, version_id: version.id, from_stage: version.stage, stage, reason: change.reason });
  return row;
}

/** The version a model predicts with: PRODUCTION, else the newest. */
export async function predictingVersion(db: PredictionsDb, modelId: string): Promise<ModelVersionRow | undefined> {
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

/** Versions of these models that are not ARCHIVED, newest first. */
export async function liveVersionsOfModels(db: PredictionsDb, modelIds: readonly string[]): Promise<ModelVersionRow[]> {
  if (modelIds.length === 0) return [];
  return db.selectFrom('model_versions').selectAll().where('model_id', 'in', modelIds).where('stage', '!=', 'ARCHIVED').orderBy('version', 'desc').execute();
}

/** The model's challengers of earlier scheduled retrainings (SCHEDULED versions in STAGING), except `exceptId`. */
export async function stagedChallengers(db: PredictionsDb, modelId: string, exceptId: string): Promise<ModelVersionRow[]> {
  return db
    .selectFrom('model_versions')
    .selectAll()
    .where('model_id', '=', modelId)
    .where('stage', '=', 'STAGING')
    .where('trigger', '=', 'SCHEDULED')
    .where('id', '!=', exceptId)
    .execute();
}

/** True when the model has at least one trained version. */
export async function hasVersion(db: PredictionsDb, modelId: string): Promise<boolean> {
  return (await db.selectFrom('model_versions').select('id').where('model_id', '=', modelId).limit(1).executeTakeFirst()) !== undefined;
}
