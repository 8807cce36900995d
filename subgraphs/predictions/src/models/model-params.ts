import { parseParams, type ModelParams } from '../forecasting/algorithms.js';
import type { ModelRow } from './model.table.js';

/** A model's params with every default filled in (models stored before a param existed get its default). */
export function modelParams(model: Pick<ModelRow, 'algorithm' | 'params' | 'interval'>): ModelParams {
  return parseParams(model.algorithm, model.params, model.interval);
}
