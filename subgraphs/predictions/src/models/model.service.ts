import { conflict, forbidden, notFound, uniqueViolation, type Identity } from '@cryptograph/core';
import type { PredictionsDb } from '../db/predictions-database.js';
import type { AssetExists } from '../market/market-client.js';
import { assertForecasts, parseParams } from '../forecasting/algorithms.js';
import { parseCreateModelInput } from './model-input.js';
import { findModel, insertModel } from './model.repository.js';
import type { ModelRow } from './model.table.js';

/** What a new model is made of. */
export interface NewModel {
  readonly name: string;
  readonly symbol: string;
  readonly target: ModelRow['target'];
  readonly algorithm: ModelRow['algorithm'];
  readonly interval: ModelRow['interval'];
  readonly horizon: number;
  readonly params?: unknown;
}

/** Registers a model for a tracked asset, owned by the caller. */
export async function createModel(db: PredictionsDb, assetExists: AssetExists, identity: Identity, input: NewModel): Promise<ModelRow> {
  if (!identity.userId) throw forbidden();
  const valid = parseCreateModelInput(input);
  assertForecasts(input.algorithm, input.target);
  const params = parseParams(input.algorithm, valid.params ?? {}, input.interval);
  if (!(await assetExists(valid.symbol, identity))) throw notFound('Asset', valid.symbol);
  try {
    return await insertModel(db, {
      name: valid.name,
      symbol: valid.symbol,
      target: input.target,
      algorithm: input.algorithm,
      interval: input.interval,
      horizon: valid.horizon,
      params: JSON.stringify(params),
      owner_id: identity.userId,
    });
  } catch (error) {
    if (uniqueViolation(error)) throw conflict(`You already have a model named "${valid.name}".`, 'name');
    throw error;
  }
}

/** One model by id; NOT_FOUND when there is none. */
export async function getModel(db: PredictionsDb, id: string): Promise<ModelRow> {
  const model = await findModel(db, id);
  if (!model) throw notFound('Model', id);
  return model;
}
