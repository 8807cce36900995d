import type { EventBus, Logger } from '@cryptograph/core';
import type { PredictionsSchema } from '../db/predictions-database.js';
import { intervalMs } from '../forecasting/bar.js';
import type { FetchCandles } from '../market/market-client.js';
import { forecastBars, type BarForecast } from '../predictions/forecast-bars.js';
import type { PredictionRow } from '../predictions/prediction.table.js';
import { insertForecasts, publishPredictions } from '../predictions/store-predictions.js';
import { lockSchedule, updateSchedule, type ScheduledModel } from './schedule.repository.js';

/** Most bars one pass predicts for one model (a long catch-up takes several passes). */
export const maxBarsPerPass = 500;

/** What a pass did for one model. */
export interface DueBarsResult {
  readonly predicted: number;
  /** True when the newest due bar is not stored yet: try again later in feed time. */
  readonly waiting: boolean;
}

/**
 * Makes the scheduled predictions of a PRODUCTION model for every bar that closed since the last
 * one it predicted, up to `feedTime`: one market request for all of them, then the predictions and
 * the model's `predicted_through` in one transaction (under the schedule row's lock, so parallel
 * schedulers never predict a bar twice and a restart neither skips nor repeats one). A bar that is
 * not stored is skipped when a later bar exists (a gap) or one bar length after it was due;
 * otherwise the pass waits for it.
 */
export async function predictDueBars(
  db: PredictionsSchema,
  fetchCandles: FetchCandles,
  bus: EventBus,
  logger: Logger,
  scheduled: ScheduledModel,
  feedTime: number,
): Promise<DueBarsResult> {
  const { model, version } = scheduled;
  const step = intervalMs[model.interval];
  const dueEnd = Math.floor(feedTime / step) * step;
  const through = scheduled.predictedThrough?.getTime() ?? dueEnd - step;
  if (dueEnd <= through) return { predicted: 0, waiting: false };
  const starts: number[] = [];
  for (let end = through + step; end <= dueEnd && starts.length < maxBarsPerPass; end += step) starts.push(end - step);
  const result = await forecastBars(fetchCandles, model, version, starts);
  const forecasts = new Map(result.forecasts.map((forecast) => [forecast.ts, forecast]));
  const kept: BarForecast[] = [];
  let handledThrough = through;
  let waiting = false;
  for (const start of starts) {
    const forecast = forecasts.get(start);
    const gap = result.newestStored !== null && result.newestStored > start;
    if (!forecast && !gap && feedTime < start + 2 * step) {
      waiting = true;
      break;
    }
    if (forecast) kept.push(forecast);
    handledThrough = start + step;
  }
  if (handledThrough === through) return { predicted: 0, waiting };
  let created: PredictionRow[] = [];
  await db.transaction().execute(async (trx) => {
    const row = await lockSchedule(trx, model.id);
    if (!row) return;
    const current = row.predicted_through?.getTime() ?? null;
    if (current !== null && current >= handledThrough) return;
    const fresh = current === null ? kept : kept.filter((forecast) => forecast.ts >= current);
    created = await insertForecasts(trx, model, version, fresh);
    await updateSchedule(trx, model.id, { predicted_through: new Date(handledThrough) });
  });
  publishPredictions(bus, logger, created);
  return { predicted: created.length, waiting };
}
