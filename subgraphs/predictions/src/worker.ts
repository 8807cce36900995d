import type { EventBus, Logger } from '@cryptograph/core';
import type { PredictionsSchema } from './db/predictions-database.js';
import { createJobRunner } from './jobs/job-runner.js';
import { instrumentJobWork } from './jobs/job-telemetry.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { MarketClient } from './market/market-client.js';
import { startPredictionScheduler, type PredictionScheduler } from './schedule/prediction-scheduler.js';
import { predictWork } from './work/predict-work.js';
import { scoreWork } from './work/score-work.js';
import { trainWork } from './work/train-work.js';

/** A running worker: job runner plus prediction scheduler. */
export interface PredictionsWorker {
  readonly scheduler: PredictionScheduler;
  /** Stops scheduling and taking jobs; running attempts are handed back at once (without costing an attempt). */
  stop(): Promise<void>;
}

/**
 * Starts working the queue (TRAIN, SCORE, PREDICT; traced and measured in `metricsService`'s
 * registry) and the scheduler (scheduled predictions, realized values, retraining and, with
 * `defaultModels`, the default models), in feed time.
 */
export async function startPredictionsWorker(deps: {
  db: PredictionsSchema;
  queue: JobQueue;
  bus: EventBus;
  logger: Logger;
  market: MarketClient;
  stepDelayMs?: number;
  metricsService?: string;
  defaultModels?: boolean;
}): Promise<PredictionsWorker> {
  const { db, bus, logger, market } = deps;
  let scheduler: PredictionScheduler | null = null;
  const instrumented = instrumentJobWork(
    {
      TRAIN: trainWork(db, market.fetchCandles, logger, () => scheduler?.nudge()),
      SCORE: scoreWork(db, market.fetchCandles),
      PREDICT: predictWork(db, market.fetchCandles, market.latestCandleStart, bus, logger),
    },
    { db, service: deps.metricsService ?? 'predictions' },
  );
  const runner = createJobRunner({ db, bus, logger, stepDelayMs: deps.stepDelayMs ?? 0, work: instrumented.work });
  await deps.queue.work(runner.runAttempt, runner.failVanished);
  scheduler = await startPredictionScheduler({ db, queue: deps.queue, bus, logger, market, defaultModels: deps.defaultModels ?? false });
  const running = scheduler;
  return {
    scheduler: running,
    async stop() {
      await running.stop();
      await deps.queue.stop();
      instrumented.stop();
    },
  };
}
