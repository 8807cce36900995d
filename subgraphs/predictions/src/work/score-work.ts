import { notFound } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import { intervalMs } from '../forecasting/bar.js';
import type { VersionMetrics } from '../forecasting/metrics.js';
import { scoreWindow } from '../forecasting/score-window.js';
import { historyBars } from '../forecasting/train-version.js';
import type { JobWork } from '../jobs/job-runner.js';
import type { FetchCandles } from '../market/market-client.js';
import { modelParams } from '../models/model-params.js';
import { findVersion } from '../versions/model-version.repository.js';

/** Extra bars loaded before a scoring window so that recursive forecasts (EWMA) have settled. */
const settleBars = 200;

/** SCORE: evaluates a stored version on a later window (one market request) and records the evaluation with its window. */
export function scoreWork(db: Kysely<PredictionsDatabase>, fetchCandles: FetchCandles): JobWork {
  return async (job, progress) => {
    const versionId = String(job.input.versionId);
    const version = await findVersion(db, versionId);
    if (!version) throw notFound('Model version', versionId);
    const model = await db.selectFrom('models').selectAll().where('id', '=', version.model_id).executeTakeFirstOrThrow();
    const from = new Date(String(job.input.from));
    const to = new Date(String(job.input.to));
    const params = { ...modelParams(model), ...version.params };
    const history = (historyBars(model.algorithm, params) + settleBars) * intervalMs[model.interval];
    await progress(0.2, 'loading candles');
    const bars = await fetchCandles(model.symbol, model.interval, new Date(from.getTime() - history), to);
    await progress(0.6, `scoring on ${bars.length} bars`);
    const spec = { target: model.target, horizon: model.horizon, interval: model.interval, params };
    const scored = scoreWindow(bars, model.algorithm, spec, version.artifact, from.getTime(), to.getTime());
    const metrics: VersionMetrics = { ...scored, mseTrain: null, r2Train: null, trainSamples: 0 };
    return {
      async commit(trx) {
        await trx.insertInto('evaluations').values({ version_id: version.id, job_id: job.id, metrics: JSON.stringify(metrics), window_from: from, window_to: to }).onConflict((oc) => oc.column('job_id').doNothing()).execute();
        return { versionId: version.id, metrics };
      },
    };
  };
}
