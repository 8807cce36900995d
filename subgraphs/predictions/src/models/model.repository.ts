import type { Insertable } from 'kysely';
import type { PredictionsDb, PredictionsTransaction } from '../db/predictions-database.js';
import { isUuid } from '../db/uuid.js';
import type { Interval, Target } from '../forecasting/bar.js';
import type { ModelRow, ModelTable } from './model.table.js';

/** Position of a model in the newest-first listing. */
export interface ModelCursor {
  readonly createdAt: string;
  readonly id: string;
}

/** Inserts a model and returns it. */
export async function insertModel(db: PredictionsDb, model: Insertable<ModelTable>): Promise<ModelRow> {
  return db.insertInto('models').values(model).returningAll().executeTakeFirstOrThrow();
}

/** One model by id; undefined when there is none (an id that is not a UUID names none). */
export async function findModel(db: PredictionsDb, id: string): Promise<ModelRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Models by id, for entity resolution and lookups in one query (ids that are not UUIDs match nothing). */
export async function findModels(db: PredictionsDb, ids: readonly string[]): Promise<ModelRow[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  return db.selectFrom('models').selectAll().where('id', 'in', valid).execute();
}

/** Ids of the models of an asset with this target, interval and horizon (the candidates of `bestModel`). */
export async function modelIdsFor(db: PredictionsDb, spec: { symbol: string; target: Target; interval: Interval; horizon: number }): Promise<string[]> {
  const rows = await db
    .selectFrom('models')
    .select('id')
    .where('symbol', '=', spec.symbol)
    .where('target', '=', spec.target)
    .where('interval', '=', spec.interval)
    .where('horizon', '=', spec.horizon)
    .execute();
  return rows.map((row) => row.id);
}

/** Models newest first after `after`, optionally of one asset and target. */
export async function listModels(
  db: PredictionsDb,
  options: { limit: number; after: ModelCursor | null; symbols?: readonly string[] | null; target?: ModelRow['target'] | null; stage?: string | null },
): Promise<ModelRow[]> {
  let query = db.selectFrom('models').selectAll();
  if (options.stage) {
    const stage = options.stage;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('model_versions')
          .select('model_versions.id')
          .whereRef('model_versions.model_id', '=', 'models.id')
          .where('model_versions.stage', '=', stage as never),
      ),
    );
  }
  if (options.symbols) query = query.where('symbol', 'in', options.symbols.length > 0 ? options.symbols : ['']);
  if (options.target) query = query.where('target', '=', options.target);
  if (options.after) {
    const { createdAt, id } = options.after;
    query = query.where((eb) => eb.or([eb('created_at', '<', new Date(createdAt)), eb.and([eb('created_at', '=', new Date(createdAt)), eb('id', '<', id)])]));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

/** Inserts a default model of an asset unless the asset already has the one with this `default_key`; returns its id. */
export async function ensureDefaultModel(db: PredictionsDb, model: Insertable<ModelTable> & { default_key: string }): Promise<string> {
  await db
    .insertInto('models')
    .values(model)
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await db
    .selectFrom('models')
    .select('id')
    .where('symbol', '=', model.symbol)
    .where('default_key', '=', model.default_key)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every model of an asset. */
export async function modelsOfSymbol(db: PredictionsDb, symbol: string): Promise<ModelRow[]> {
  return db.selectFrom('models').selectAll().where('symbol', '=', symbol).execute();
}

/** Every model of these assets, newest first. */
export async function modelsOfSymbols(db: PredictionsDb, symbols: readonly string[]): Promise<ModelRow[]> {
  if (symbols.length === 0) return [];
  return db.selectFrom('models').selectAll().where('symbol', 'in', symbols).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** Locks a model's row for the rest of the transaction (serializing its stage changes); false when it does not exist. */
export async function lockModel(db: PredictionsTransaction, id: string): Promise<boolean> {
  return (await db.selectFrom('models').select('id').where('id', '=', id).forUpdate().executeTakeFirst()) !== undefined;
}
