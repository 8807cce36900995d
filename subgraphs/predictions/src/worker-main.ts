import { OperatorError, createLogger, openInfrastructure, runUntilSignal, startOrExit, useMetrics } from '@cryptograph/core';
import Fastify from 'fastify';
import { loadPredictionsEnv } from './env.js';
import { openJobQueue } from './jobs/open-job-queue.js';
import { createMarketClient } from './market/market-client.js';
import { preparePredictionsDatabase } from './service.js';
import { startPredictionsWorker } from './worker.js';

// A standalone worker: runs jobs and schedules predictions, and serves only `/metrics` and
// `/health` on METRICS_PORT. Start any number of them against the same DATABASE_URL / REDIS_URL;
// run the subgraphs with PREDICTIONS_WORKER=false.
startOrExit(async () => {
  const env = loadPredictionsEnv(process.env);
  const logger = createLogger('predictions-worker', env.LOG_LEVEL);
  if (!env.DATABASE_URL)
    throw new OperatorError(
      'DATABASE_URL',
      'the standalone worker needs a real Postgres server; on the embedded database `npm start` runs the worker in-process',
    );
  const infrastructure = await openInfrastructure(env);
  const db = await preparePredictionsDatabase({ ...infrastructure, logger });
  const queue = await openJobQueue(env, db, logger);
  const worker = await startPredictionsWorker({
    db,
    queue,
    bus: infrastructure.bus,
    logger,
    market: createMarketClient(env.MARKET_URL, env.internalSecret),
    stepDelayMs: env.JOB_STEP_DELAY_MS,
    metricsService: 'predictions-worker',
    defaultModels: env.DEFAULT_MODELS === 'on',
  });
  const metrics = Fastify({ logger: false });
  metrics.get('/health', async () => ({ status: 'ok', service: 'predictions-worker' }));
  useMetrics(metrics, 'predictions-worker');
  const metricsUrl = await metrics.listen({ host: env.HOST, port: env.METRICS_PORT });
  logger.info({ queue: queue.kind, metrics: `${metricsUrl}/metrics` }, 'predictions worker running');
  runUntilSignal(
    {
      stop: async () => {
        await metrics.close();
        await worker.stop();
        await infrastructure.close();
      },
    },
    logger,
  );
});
