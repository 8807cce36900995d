import type { EventBus, Logger } from '@cryptograph/core';
import type { PredictionsSchema } from '../db/predictions-database.js';
import { intervalMs } from '../forecasting/bar.js';
import { trainingWindow } from '../defaults/training-window.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { modelParams } from '../models/model-params.js';
import { hasOpenTraining, updateSchedule, type ScheduledModel } from './schedule.repository.js';

/**
 * Enqueues the scheduled retraining of a PRODUCTION model when `retrainEvery` bars of feed time
 * have passed since its champion's training end (or its last scheduled retraining): a TRAIN job
 * with trigger SCHEDULED on the newest bars up to the last complete bar, whose version challenges
 * the champion. At most one training of a model waits or runs at a time. Returns the job id.
 */
export async function retrainIfDue(
  db: PredictionsSchema,
  queue: JobQueue,
  bus: EventBus,
  logger: Logger,
  scheduled: ScheduledModel,
  feedTime: number,
): Promise<string | null> {
  const { model, version } = scheduled;
  const step = intervalMs[model.interval];
  const every = modelParams(model).retrainEvery * step;
  const reference = Math.max(version.train_to.getTime(), scheduled.retrainedAt?.getTime() ?? 0);
  const trainTo = Math.floor(feedTime / step) * step;
  if (trainTo - reference < every) return null;
  if (await hasOpenTraining(db, model.id)) return null;
  const window = trainingWindow(model.interval, new Date(trainTo));
  const job = await enqueueJob(db, queue, bus, logger, {
    kind: 'TRAIN',
    modelId: model.id,
    input: { trainFrom: window.from.toISOString(), trainTo: window.to.toISOString(), trigger: 'SCHEDULED' },
    createdBy: null,
    dedupeKey: `retrain:${model.id}:${window.to.toISOString()}`,
  });
  await updateSchedule(db, model.id, { retrained_at: window.to });
  return job?.id ?? null;
}
