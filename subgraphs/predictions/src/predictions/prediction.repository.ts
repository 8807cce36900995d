import { sql, type Insertable } from 'kysely';
import type { PredictionsDb, PredictionsTransaction } from '../db/predictions-database.js';
import type { Target } from '../forecasting/bar.js';
import type { PredictionRow, PredictionTable } from './prediction.table.js';

/** Which predictions a stream or page wants. */
export interface PredictionFilter {
  readonly symbols?: readonly string[] | null;
  readonly modelId?: string | null;
}

/**
 * Serializes prediction inserts until the end of the caller's transaction, so ids are committed in
 * id order and a reader that saw id n has seen every committed id below n (what the resumable stream
 * relies on). Predictions are written a few per minute: the lock costs nothing that matters.
 */
export async function lockPredictionIds(trx: PredictionsTransaction): Promise<void> {
  await sql`select pg_advisory_xact_lock(${predictionInsertLock})`.execute(trx);
}

/** Advisory lock key of prediction inserts. */
const predictionInsertLock = 4_730_190_411;

/** The measured outcome of a pending prediction: REALIZED with its value and error, or STALE when its bars never came. */
export interface PredictionOutcome {
  readonly id: number;
  readonly status: 'REALIZED' | 'STALE';
  readonly realized: number | null;
  readonly error: number | null;
}

/** Inserts a prediction; null when this version already predicted this bar (a retried job). */
export async function insertPrediction(db: PredictionsDb, prediction: Insertable<PredictionTable>): Promise<PredictionRow | null> {
  const row = await db
    .insertInto('predictions')
    .values(prediction)
    .onConflict((oc) => oc.columns(['version_id', 'ts']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Predictions matching `filter` with id > `after`, oldest first. */
export async function predictionsAfter(db: PredictionsDb, filter: PredictionFilter, after: number, limit: number): Promise<PredictionRow[]> {
  let query = db.selectFrom('predictions').selectAll().where('id', '>', after);
  if (filter.symbols) query = query.where('symbol', 'in', filter.symbols);
  if (filter.modelId) query = query.where('model_id', '=', filter.modelId);
  return query.orderBy('id').limit(limit).execute();
}

/** The newest prediction id (0 when there is none). */
export async function newestPredictionId(db: PredictionsDb): Promise<number> {
  const row = await db
    .selectFrom('predictions')
    .select(sql<string>`coalesce(max(id), 0)::text`.as('id'))
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Predictions newest first, for listing pages. */
export async function listPredictions(
  db: PredictionsDb,
  options: { symbol?: string | null; modelId?: string | null; from?: Date | null; to?: Date | null; before?: number | null; limit: number },
): Promise<PredictionRow[]> {
  let query = db.selectFrom('predictions').selectAll();
  if (options.symbol) query = query.where('symbol', '=', options.symbol);
  if (options.modelId) query = query.where('model_id', '=', options.modelId);
  if (options.from) query = query.where('ts', '>=', options.from);
  if (options.to) query = query.where('ts', '<', options.to);
  if (options.before) query = query.where('id', '<', options.before);
  return query.orderBy('id', 'desc').limit(options.limit).execute();
}

/** The newest prediction of an asset and target. */
export async function latestPrediction(db: PredictionsDb, symbol: string, target: Target): Promise<PredictionRow | undefined> {
  return db.selectFrom('predictions').selectAll().where('symbol', '=', symbol).where('target', '=', target).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Pending predictions of an asset whose outcome is due at `asOf`. */
export async function duePredictions(db: PredictionsDb, symbol: string, asOf: Date): Promise<PredictionRow[]> {
  return db
    .selectFrom('predictions')
    .selectAll()
    .where('status', '=', 'PENDING')
    .where('symbol', '=', symbol)
    .where('outcome_at', '<=', asOf)
    .orderBy('id')
    .limit(5000)
    .execute();
}

/**
 * After candles of `symbol` in [from, to) were replaced: predictions whose outcome bars overlap the
 * range are set PENDING again (realized anew from the new bars), and those made at bars from `from`
 * on within `history` of the range's end (their inputs included replaced bars) are marked restated.
 */
export async function restatePredictions(
  db: PredictionsDb,
  modelId: string,
  from: Date,
  to: Date,
  inputsUntil: Date,
): Promise<{ reopened: number; restated: number }> {
  const reopened = await db
    .updateTable('predictions')
    .set({ status: 'PENDING', realized: null, error: null })
    .where('model_id', '=', modelId)
    .where('ts', '<', to)
    .where('outcome_at', '>', from)
    .where('status', '!=', 'PENDING')
    .executeTakeFirst();
  const restated = await db
    .updateTable('predictions')
    .set({ restated: true })
    .where('model_id', '=', modelId)
    .where('ts', '>=', from)
    .where('ts', '<', inputsUntil)
    .where('restated', '=', false)
    .executeTakeFirst();
  return { reopened: Number(reopened.numUpdatedRows), restated: Number(restated.numUpdatedRows) };
}

/** Symbols with pending predictions whose outcome is due at `asOf`. */
export async function symbolsWithDuePredictions(db: PredictionsDb, asOf: Date): Promise<string[]> {
  const rows = await db.selectFrom('predictions').select('symbol').distinct().where('status', '=', 'PENDING').where('outcome_at', '<=', asOf).execute();
  return rows.map((row) => row.symbol);
}

/** Records outcomes of predictions that are still PENDING (one already measured is left as it is). */
export async function recordOutcomes(trx: PredictionsTransaction, outcomes: readonly PredictionOutcome[]): Promise<void> {
  for (const outcome of outcomes) {
    await trx
      .updateTable('predictions')
      .set({ status: outcome.status, realized: outcome.realized, error: outcome.error })
      .where('id', '=', outcome.id)
      .where('status', '=', 'PENDING')
      .execute();
  }
}
