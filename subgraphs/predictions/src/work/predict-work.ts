import { badUserInput, type EventBus, type Logger } from '@cryptograph/core';
import type { PredictionsDb } from '../db/predictions-database.js';
import { intervalMs } from '../forecasting/bar.js';
import type { JobWork } from '../jobs/job-runner.js';
import type { FetchCandles, LatestCandleStart } from '../market/market-client.js';
import { forecastBars } from '../predictions/forecast-bars.js';
import type { PredictionRow } from '../predictions/prediction.table.js';
import { insertForecasts, publishPredictions } from '../predictions/store-predictions.js';
import { storedFeedTimeOf } from '../schedule/schedule.repository.js';
import { predictingVersion } from '../versions/model-version.repository.js';
import { getModel } from '../models/model.service.js';

/**
 * PREDICT (`runPredictions`): forecasts at the last bar complete at `input.asOf` (default: the feed's
 * clock for the asset; without one, the newest stored bar, an intraday bucket that may still be
 * filling not counting) with the PRODUCTION
 * version, else the newest, stores the prediction and publishes it. Scheduled predictions do not
 * go through jobs: the scheduler makes them (see `schedule/`).
 */
export function predictWork(db: PredictionsDb, fetchCandles: FetchCandles, latestCandleStart: LatestCandleStart, bus: EventBus, logger: Logger): JobWork {
  return async (job, progress) => {
    const model = await getModel(db, job.model_id);
    const version = await predictingVersion(db, model.id);
    if (!version) throw badUserInput(`Model "${model.id}" has no trained version to predict with.`, 'modelId');
    const step = intervalMs[model.interval];
    // The feed's clock says which bars are complete: the newest stored candle may still be filling
    // (a live minute, or a day rolled up from the minutes after the daily history).
    const asOf = job.input.asOf ? Date.parse(String(job.input.asOf)) : ((await storedFeedTimeOf(db, model.symbol))?.getTime() ?? null);
    let barStart: number;
    if (asOf !== null) barStart = Math.floor(asOf / step) * step - step;
    else {
      const latest = await latestCandleStart(model.symbol, model.interval);
      if (!latest) throw badUserInput(`The market has no ${model.interval} candles of ${model.symbol}.`, 'modelId');
      barStart = latest.getTime() - (model.interval === 'M1' || model.interval === 'D1' ? 0 : step);
    }
    await progress(0.3, 'loading candles');
    const { forecasts } = await forecastBars(fetchCandles, model, version, [barStart]);
    if (forecasts.length === 0) throw badUserInput(`Too little data at ${new Date(barStart).toISOString()} to forecast with ${model.algorithm}.`, 'modelId');
    await progress(0.8, 'forecast made');
    let created: PredictionRow[] = [];
    return {
      async commit(trx) {
        created = await insertForecasts(trx, model, version, forecasts);
        return {
          predictionId: created[0] ? String(created[0].id) : null,
          versionId: version.id,
          ts: new Date(barStart).toISOString(),
          value: forecasts[0]!.value,
        };
      },
      async afterCommit() {
        publishPredictions(bus, logger, created);
      },
    };
  };
}
