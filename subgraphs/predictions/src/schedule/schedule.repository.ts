import { sql } from 'kysely';
import type { PredictionsDb, PredictionsTransaction } from '../db/predictions-database.js';
import type { ModelRow } from '../models/model.table.js';
import type { ModelVersionRow } from '../versions/model-version.table.js';
import type { ModelScheduleRow } from './schedule.table.js';

/** Records that the feed reached `time` for `symbol` (the stored time only moves forward). */
export async function advanceFeedClock(db: PredictionsDb, symbol: string, time: Date): Promise<void> {
  await db
    .insertInto('feed_clock')
    .values({ symbol, feed_time: time })
    .onConflict((oc) => oc.column('symbol').doUpdateSet({ feed_time: sql<Date>`greatest(feed_clock.feed_time, excluded.feed_time)` }))
    .execute();
}

/** The newest feed time recorded for any symbol, or null before the first. */
export async function storedFeedTime(db: PredictionsDb): Promise<Date | null> {
  const row = await db
    .selectFrom('feed_clock')
    .select(sql<Date | null>`max(feed_time)`.as('time'))
    .executeTakeFirst();
  return row?.time ? new Date(row.time) : null;
}

/** The feed time recorded for one symbol, or null when the feed never reported it. */
export async function storedFeedTimeOf(db: PredictionsDb, symbol: string): Promise<Date | null> {
  const row = await db.selectFrom('feed_clock').select('feed_time').where('symbol', '=', symbol).executeTakeFirst();
  return row ? new Date(row.feed_time) : null;
}

/** A PRODUCTION model with its champion and what the scheduler did for it last. */
export interface ScheduledModel {
  readonly model: ModelRow;
  readonly version: ModelVersionRow;
  readonly predictedThrough: Date | null;
  readonly retrainedAt: Date | null;
}

/** Every model with a PRODUCTION version whose asset is still tracked. */
export async function scheduledModels(db: PredictionsDb): Promise<ScheduledModel[]> {
  const models = await db
    .selectFrom('models')
    .selectAll()
    .where((eb) =>
      eb.exists(eb.selectFrom('model_versions').select('id').whereRef('model_versions.model_id', '=', 'models.id').where('stage', '=', 'PRODUCTION')),
    )
    .where((eb) => eb.not(eb.exists(eb.selectFrom('removed_assets').select('symbol').whereRef('removed_assets.symbol', '=', 'models.symbol'))))
    .execute();
  if (models.length === 0) return [];
  const ids = models.map((model) => model.id);
  const versions = await db.selectFrom('model_versions').selectAll().where('model_id', 'in', ids).where('stage', '=', 'PRODUCTION').execute();
  const schedules = await db.selectFrom('model_schedules').selectAll().where('model_id', 'in', ids).execute();
  return models.flatMap((model) => {
    const version = versions.find((row) => row.model_id === model.id);
    const schedule = schedules.find((row) => row.model_id === model.id);
    return version ? [{ model, version, predictedThrough: schedule?.predicted_through ?? null, retrainedAt: schedule?.retrained_at ?? null }] : [];
  });
}

/** Locks a model's schedule row for the transaction (creating it), or null when another scheduler holds it. */
export async function lockSchedule(trx: PredictionsTransaction, modelId: string): Promise<ModelScheduleRow | null> {
  await trx
    .insertInto('model_schedules')
    .values({ model_id: modelId })
    .onConflict((oc) => oc.column('model_id').doNothing())
    .execute();
  return (await trx.selectFrom('model_schedules').selectAll().where('model_id', '=', modelId).forUpdate().skipLocked().executeTakeFirst()) ?? null;
}

/** Updates a model's schedule row (creating it). */
export async function updateSchedule(
  db: PredictionsDb,
  modelId: string,
  changes: { predicted_through?: Date | null; retrained_at?: Date | null },
): Promise<void> {
  await db
    .insertInto('model_schedules')
    .values({ model_id: modelId, ...changes })
    .onConflict((oc) => oc.column('model_id').doUpdateSet({ ...changes, updated_at: sql<Date>`now()` }))
    .execute();
}

/** Marks an asset removed (not scheduled) or tracked again. */
export async function setAssetRemoved(db: PredictionsDb, symbol: string, removed: boolean): Promise<void> {
  if (removed)
    await db
      .insertInto('removed_assets')
      .values({ symbol })
      .onConflict((oc) => oc.column('symbol').doNothing())
      .execute();
  else await db.deleteFrom('removed_assets').where('symbol', '=', symbol).execute();
}

/** True when a TRAIN job of the model is waiting or running. */
export async function hasOpenTraining(db: PredictionsDb, modelId: string): Promise<boolean> {
  const row = await db
    .selectFrom('jobs')
    .select('id')
    .where('model_id', '=', modelId)
    .where('kind', '=', 'TRAIN')
    .where('status', 'in', ['QUEUED', 'RUNNING'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
