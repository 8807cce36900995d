import type { CandlesChangedMessage, Logger } from '@cryptograph/core';
import type { PredictionsDb } from '../db/predictions-database.js';
import { intervalMs } from '../forecasting/bar.js';
import { historyBars } from '../forecasting/train-version.js';
import { modelParams } from '../models/model-params.js';
import { modelsOfSymbol } from '../models/model.repository.js';
import { restatePredictions } from '../predictions/prediction.repository.js';

/**
 * Real data replaced stored bars of a symbol in [from, to): every model of the symbol reopens the
 * outcomes that were measured on those bars (they are realized again from the new bars on the next
 * pass) and marks the forecasts whose inputs reached into the range as restated.
 */
export async function restateCandles(db: PredictionsDb, logger: Logger, change: CandlesChangedMessage): Promise<void> {
  const symbol = change.symbol.toUpperCase();
  const from = new Date(change.from);
  const to = new Date(change.to);
  const models = await modelsOfSymbol(db, symbol);
  let reopened = 0;
  let restated = 0;
  for (const model of models) {
    const inputsUntil = new Date(to.getTime() + historyBars(model.algorithm, modelParams(model)) * intervalMs[model.interval]);
    const counts = await restatePredictions(db, model.id, from, to, inputsUntil);
    reopened += counts.reopened;
    restated += counts.restated;
  }
  if (reopened + restated > 0)
    logger.info({ symbol, from: change.from, to: change.to, reason: change.reason, reopened, restated }, 'candles changed: predictions reopened and restated');
}
