import { predictionCreatedChannel, type EventBus, type Logger } from '@cryptograph/core';
import type { PredictionsTransaction } from '../db/predictions-database.js';
import { intervalMs } from '../forecasting/bar.js';
import type { ModelRow } from '../models/model.table.js';
import type { ModelVersionRow } from '../versions/model-version.table.js';
import type { BarForecast } from './forecast-bars.js';
import { toPredictionCreatedMessage } from './prediction-event.js';
import { insertPrediction, lockPredictionIds } from './prediction.repository.js';
import type { PredictionRow } from './prediction.table.js';

/** Inserts the forecasts of a version as predictions in the caller's transaction (a bar it already predicted is skipped); returns the new rows. */
export async function insertForecasts(
  trx: PredictionsTransaction,
  model: ModelRow,
  version: ModelVersionRow,
  forecasts: readonly BarForecast[],
): Promise<PredictionRow[]> {
  if (forecasts.length === 0) return [];
  await lockPredictionIds(trx);
  const step = intervalMs[model.interval];
  const created: PredictionRow[] = [];
  for (const forecast of forecasts) {
    const row = await insertPrediction(trx, {
      model_id: model.id,
      version_id: version.id,
      symbol: model.symbol,
      target: model.target,
      value: forecast.value,
      ts: new Date(forecast.ts),
      target_ts: new Date(forecast.ts + model.horizon * step),
      outcome_at: new Date(forecast.ts + (model.horizon + 1) * step),
    });
    if (row) created.push(row);
  }
  return created;
}

/** Publishes new predictions on the bus, after their commit (subscribers backfill from Postgres if this fails). */
export function publishPredictions(bus: EventBus, logger: Logger, rows: readonly PredictionRow[]): void {
  for (const row of rows) {
    void bus
      .publish(predictionCreatedChannel, toPredictionCreatedMessage(row))
      .catch((error: unknown) => logger.warn({ err: error }, 'publishing a prediction failed (subscribers backfill from Postgres)'));
  }
}
