import { systemUserId, type EventBus, type Logger } from '@cryptograph/core';
import type { PredictionsDb, PredictionsSchema } from '../db/predictions-database.js';
import { parseParams } from '../forecasting/algorithms.js';
import { intervalMs } from '../forecasting/bar.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { LatestCandleStart } from '../market/market-client.js';
import { ensureDefaultModel } from '../models/model.repository.js';
import { hasOpenTraining } from '../schedule/schedule.repository.js';
import { hasVersion } from '../versions/model-version.repository.js';
import { defaultModelName, defaultModelSpecs, type DefaultModelSpec } from './default-model-specs.js';
import { trainingWindow } from './training-window.js';

/** Registers one default model of an asset (owned by the system user) unless it exists; returns its id. */
function ensureModel(db: PredictionsDb, symbol: string, spec: DefaultModelSpec): Promise<string> {
  return ensureDefaultModel(db, {
    name: defaultModelName(symbol, spec),
    symbol,
    target: spec.target,
    algorithm: spec.algorithm,
    interval: spec.interval,
    horizon: spec.horizon,
    params: JSON.stringify(parseParams(spec.algorithm, spec.params, spec.interval)),
    owner_id: systemUserId,
    default_key: spec.key,
  });
}

/**
 * Makes sure every tracked asset has its default models (daily volatility and return; intraday
 * volatility when it has minute data), owned by the built-in system user, and that a default model
 * without any version has a DEFAULT training job in the background (trained on the history up to
 * the feed time `feedTime`, or up to its newest bar when that is older, then promoted to PRODUCTION
 * by the job). Idempotent: run it at start,
 * when an asset is added, and from time to time (a training that failed for lack of data is
 * retried once the feed brought more). Returns the TRAIN jobs it enqueued.
 */
export async function ensureDefaultModels(
  db: PredictionsSchema,
  queue: JobQueue,
  bus: EventBus,
  logger: Logger,
  latestCandleStart: LatestCandleStart,
  symbols: readonly string[],
  feedTime: Date,
): Promise<string[]> {
  const enqueued: string[] = [];
  for (const spec of defaultModelSpecs) {
    for (const symbol of symbols) {
      if (spec.needsMinuteData && !(await latestCandleStart(symbol, 'M1'))) continue;
      const modelId = await ensureModel(db, symbol, spec);
      const newest = await latestCandleStart(symbol, spec.interval);
      if (!newest) continue;
      if ((await hasVersion(db, modelId)) || (await hasOpenTraining(db, modelId))) continue;
      const step = intervalMs[spec.interval];
      // Up to the last bar closed at the feed time, or to the end of the newest stored bar when the
      // data at this interval stops earlier (the shipped minutes end half a year before the daily bars).
      const window = trainingWindow(spec.interval, new Date(Math.min(Math.floor(feedTime.getTime() / step) * step, newest.getTime() + step)));
      const job = await enqueueJob(db, queue, bus, logger, {
        kind: 'TRAIN',
        modelId,
        input: { trainFrom: window.from.toISOString(), trainTo: window.to.toISOString(), trigger: 'DEFAULT' },
        createdBy: null,
        // One try per feed day: a training that failed for lack of data is tried again the next day.
        dedupeKey: `default:${modelId}:${Math.floor(feedTime.getTime() / 86_400_000)}`,
      });
      if (job) enqueued.push(job.id);
    }
  }
  if (enqueued.length > 0) logger.info({ jobs: enqueued.length, feedTime: feedTime.toISOString() }, 'training default models');
  return enqueued;
}
