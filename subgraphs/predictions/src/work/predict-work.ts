import { badUserInput, notFound, type EventBus, type Logger } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import { intervalMs } from '../forecasting/bar.js';
import { forecastLast } from '../forecasting/forecast-last.js';
import { historyBars } from '../forecasting/train-version.js';
import type { JobWork } from '../jobs/job-runner.js';
import type { FetchCandles, LatestCandleStart } from '../market/market-client.js';
import { predictionCreatedChannel } from '../predictions/prediction-channel.js';
import { toPredictionEvent } from '../predictions/prediction-event.js';
import { insertPrediction, lockPredictionIds } from '../predictions/prediction.repository.js';
import type { PredictionRow } from '../predictions/prediction.table.js';
import { predictingVersion } from '../versions/model-version.repository.js';
import { barsKnownAt } from './load-bars.js';

/**
 * The end of the newest complete bar: native intervals (M1 from minute data, D1 from daily data)
 * are stored whole, so the newest bar counts; an aggregated bucket may still be filling, so it does not.
 */
async function latestCompleteEnd(latestCandleStart: LatestCandleStart, symbol: string, interval: keyof typeof intervalMs): Promise<Date> {
  const start = await latestCandleStart(symbol, interval);
  if (!start) throw badUserInput(`The market has no ${interval} candles of ${symbol}.`, 'modelId');
  return new Date(start.getTime() + (interval === 'M1' || interval === 'D1' ? intervalMs[interval] : 0));
}

/** Extra bars loaded before a forecast so that recursive forecasts (EWMA) have settled. */
const settleBars = 200;

/**
 * PREDICT: forecasts at the last bar complete at `input.asOf` (scheduled jobs: the replay time;
 * manual runs: the end of the latest stored bar) with the PRODUCTION version, else the newest,
 * stores the prediction and publishes it.
 */
export function predictWork(deps: { db: Kysely<PredictionsDatabase>; fetchCandles: FetchCandles; latestCandleStart: LatestCandleStart; bus: EventBus; logger: Logger }): JobWork {
  return async (job, progress) => {
    const model = await deps.db.selectFrom('models').selectAll().where('id', '=', job.model_id).executeTakeFirst();
    if (!model) throw notFound('Model', job.model_id);
    const version = await predictingVersion(deps.db, model.id);
    if (!version) throw badUserInput(`Model "${model.id}" has no trained version to predict with.`, 'modelId');
    const step = intervalMs[model.interval];
    const asOf = job.input.asOf ? new Date(String(job.input.asOf)) : await latestCompleteEnd(deps.latestCandleStart, model.symbol, model.interval);
    await progress(0.3, 'loading candles');
    const bars = await barsKnownAt(deps.fetchCandles, model.symbol, model.interval, asOf, historyBars(model.algorithm, version.params) + settleBars);
    const last = bars.at(-1);
    const value = last ? forecastLast(bars, model.algorithm, { target: model.target, horizon: model.horizon, params: version.params }, version.artifact) : Number.NaN;
    if (!last || !Number.isFinite(value)) throw badUserInput(`Too little data before ${asOf.toISOString()} to forecast with ${model.algorithm}.`, 'modelId');
    await progress(0.8, 'forecast made');
    let created: PredictionRow | null = null;
    return {
      async commit(trx) {
        await lockPredictionIds(trx);
        created = await insertPrediction(trx, {
          model_id: model.id,
          version_id: version.id,
          symbol: model.symbol,
          target: model.target,
          value,
          ts: new Date(last.ts),
          target_ts: new Date(last.ts + model.horizon * step),
          outcome_at: new Date(last.ts + (model.horizon + 1) * step),
        });
        return { predictionId: created ? String(created.id) : null, versionId: version.id, ts: new Date(last.ts).toISOString(), value };
      },
      async afterCommit() {
        if (!created) return;
        void deps.bus.publish(predictionCreatedChannel, toPredictionEvent(created)).catch((error: unknown) => deps.logger.warn({ err: error }, 'publishing a prediction failed (subscribers backfill from Postgres)'));
      },
    };
  };
}
