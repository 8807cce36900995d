import { notFound } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import { dataFingerprint } from '../forecasting/fingerprint.js';
import { trainVersion } from '../forecasting/train-version.js';
import type { JobWork } from '../jobs/job-runner.js';
import type { FetchCandles } from '../market/market-client.js';
import { insertVersion } from '../versions/model-version.repository.js';

/** TRAIN: loads the window's candles from the market, fits with walk-forward evaluation, stores a new version. */
export function trainWork(db: Kysely<PredictionsDatabase>, fetchCandles: FetchCandles): JobWork {
  return async (job, progress) => {
    const model = await db.selectFrom('models').selectAll().where('id', '=', job.model_id).executeTakeFirst();
    if (!model) throw notFound('Model', job.model_id);
    const trainFrom = new Date(String(job.input.trainFrom));
    const trainTo = new Date(String(job.input.trainTo));
    await progress(0.1, 'loading candles');
    const bars = await fetchCandles(model.symbol, model.interval, trainFrom, trainTo);
    await progress(0.4, `fitting ${model.algorithm} on ${bars.length} bars`);
    const trained = trainVersion(bars, model.algorithm, { target: model.target, horizon: model.horizon, params: model.params as Record<string, number> }, trainFrom.getTime(), trainTo.getTime());
    await progress(0.8, 'evaluated on the test window');
    return {
      async commit(trx) {
        const version = await insertVersion(trx, {
          modelId: model.id,
          params: trained.params,
          metrics: trained.metrics,
          trainFrom,
          trainTo,
          fingerprint: dataFingerprint(bars),
          artifact: trained.artifact,
          jobId: job.id,
          createdBy: job.created_by,
        });
        return { versionId: version.id, version: version.version, metrics: trained.metrics };
      },
    };
  };
}
