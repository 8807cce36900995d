import { notFound } from '@cryptograph/core';
import type { PredictionsDb } from '../db/predictions-database.js';
import { intervalMs } from '../forecasting/bar.js';
import type { VersionMetrics } from '../forecasting/metrics.js';
import { scoreWindow } from '../forecasting/score-window.js';
import { historyBars } from '../forecasting/train-version.js';
import type { JobWork } from '../jobs/job-runner.js';
import type { FetchCandles } from '../market/market-client.js';
import { modelParams } from '../models/model-params.js';
import { getModel } from '../models/model.service.js';
import { insertEvaluation } from '../versions/evaluation.repository.js';
import { findVersion } from '../versions/model-version.repository.js';

/** Extra bars loaded before a scoring window so that recursive forecasts (EWMA) have settled. */
const settleBars = 200;

/** SCORE: evaluates a stored version on a later window (one market request) and records the evaluation with its window. */
export function scoreWork(db: PredictionsDb, fetchCandles: FetchCandles): JobWork {
  return async (job, progress) => {
    const versionId = String(job.input.versionId);
    const version = await findVersion(db, versionId);
    if (!version) throw notFound('Model version', versionId);
    const model = await getModel(db, version.model_id);
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
        await insertEvaluation(trx, { versionId: version.id, jobId: job.id, metrics, from, to });
        return { versionId: version.id, metrics };
      },
    };
  };
}
