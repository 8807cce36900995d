import type { PredictionsSchema } from '../db/predictions-database.js';
import { intervalMs, type Bar } from '../forecasting/bar.js';
import { realizedTarget } from '../forecasting/series.js';
import type { FetchCandles } from '../market/market-client.js';
import { findModel } from '../models/model.repository.js';
import { duePredictions, recordOutcomes, type PredictionOutcome } from '../predictions/prediction.repository.js';
import type { PredictionRow } from '../predictions/prediction.table.js';

/**
 * Fills in the outcome of the asset's pending predictions that are due at `asOf` (feed time): the
 * realized target from the bars t … t+h and the error (realized − value), reading the candles of
 * each model once for all its due predictions. A prediction whose bars are still missing one bar
 * after it was due is marked STALE. Returns how many were realized.
 */
export async function realizeDue(db: PredictionsSchema, fetchCandles: FetchCandles, symbol: string, asOf: Date): Promise<number> {
  const due = await duePredictions(db, symbol, asOf);
  const byModel = new Map<string, PredictionRow[]>();
  for (const prediction of due) byModel.set(prediction.model_id, [...(byModel.get(prediction.model_id) ?? []), prediction]);
  let realized = 0;
  for (const [modelId, predictions] of byModel) {
    const model = await findModel(db, modelId);
    if (!model) continue;
    const step = intervalMs[model.interval];
    const from = Math.min(...predictions.map((prediction) => prediction.ts.getTime()));
    const to = Math.max(...predictions.map((prediction) => prediction.outcome_at.getTime()));
    const bars = await fetchCandles(symbol, model.interval, new Date(from), new Date(to));
    const byTs = new Map(bars.map((bar) => [bar.ts, bar]));
    const outcomes: PredictionOutcome[] = [];
    for (const prediction of predictions) {
      const window: Bar[] = [];
      for (let k = 0; k <= model.horizon; k++) {
        const bar = byTs.get(prediction.ts.getTime() + k * step);
        if (bar) window.push(bar);
      }
      if (window.length === model.horizon + 1) {
        const value = realizedTarget(window, 0, model.target, model.horizon);
        outcomes.push({ id: Number(prediction.id), status: 'REALIZED', realized: value, error: value - prediction.value });
      } else if (asOf.getTime() >= prediction.outcome_at.getTime() + step) {
        outcomes.push({ id: Number(prediction.id), status: 'STALE', realized: null, error: null });
      }
    }
    if (outcomes.length === 0) continue;
    await db.transaction().execute((trx) => recordOutcomes(trx, outcomes));
    realized += outcomes.filter((outcome) => outcome.status === 'REALIZED').length;
  }
  return realized;
}
