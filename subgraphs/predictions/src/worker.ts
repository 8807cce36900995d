import type { EventBus, Logger } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import type { PredictionsDatabase } from './db/predictions-database.js';
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
  /** Stops scheduling and taking jobs; running attempts are aborted and retried elsewhere. */
  stop(): Promise<void>;
}

/** Starts working the queue (TRAIN, SCORE, PREDICT; traced and measured in `metricsService`'s registry) and scheduling predictions from price ticks. */
export async function startPredictionsWorker(deps: { db: Kysely<PredictionsDatabase>; queue: JobQueue; bus: EventBus; logger: Logger; market: MarketClient; stepDelayMs?: number; metricsService?: string }): Promise<PredictionsWorker> {
  const { db, bus, logger, market } = deps;
  const instrumented = instrumentJobWork(
    { TRAIN: trainWork(db, market.fetchCandles), SCORE: scoreWork(db, market.fetchCandles), PREDICT: predictWork({ db, fetchCandles: market.fetchCandles, latestCandleStart: market.latestCandleStart, bus, logger }) },
    { db, service: deps.metricsService ?? 'predictions' },
  );
  const run = createJobRunner({
    db,
    bus,
    logger,
    stepDelayMs: deps.stepDelayMs ?? 0,
    work: instrumented.work,
  });
  await deps.queue.work(run);
  const scheduler = await startPredictionScheduler({ db, queue: deps.queue, bus, logger, fetchCandles: market.fetchCandles });
  return {
    scheduler,
    async stop() {
      await scheduler.stop();
      await deps.queue.stop();
      instrumented.stop();
    },
  };
}
