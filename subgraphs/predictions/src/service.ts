import { createSubgraphServer, internalKey, migratedSchema, type SubgraphDependencies, type SubgraphService } from '@cryptograph/core';
import { readSubgraphDocument } from '@cryptograph/schema';
import { mergeResolvers } from '@graphql-tools/merge';
import { contextFactory, type PredictionsParts } from './context.js';
import { predictionsMigrations } from './db/migrations/index.js';
import { probePredictionsSchema } from './db/readiness.repository.js';
import { predictionsSchema, type PredictionsDatabase, type PredictionsSchema } from './db/predictions-database.js';
import type { PredictionsEnv } from './env.js';
import { createJobHub, createPredictionHub } from './events/hubs.js';
import { watchRedisReconnects, type ReconnectWatch } from './events/redis-reconnect-watch.js';
import { jobResolvers } from './jobs/job.resolvers.js';
import { openJobQueue } from './jobs/open-job-queue.js';
import { createMarketClient } from './market/market-client.js';
import { modelResolvers } from './models/model.resolvers.js';
import { predictionsPermissions } from './permissions.js';
import { predictionResolvers } from './predictions/prediction.resolvers.js';
import { scalarResolvers } from './scalars.js';
import { versionResolvers } from './versions/model-version.resolvers.js';
import { startPredictionsWorker, type PredictionsWorker } from './worker.js';

const typeDefs = readSubgraphDocument('predictions');

/** The environment the predictions service needs. */
export type PredictionsServiceEnv = Pick<
  PredictionsEnv,
  | 'internalSecret'
  | 'MARKET_URL'
  | 'PREDICTIONS_WORKER'
  | 'JOB_QUEUE'
  | 'DEFAULT_MODELS'
  | 'JOB_MAX_ATTEMPTS'
  | 'JOB_RETRY_DELAY_SECONDS'
  | 'JOB_TIMEOUT_SECONDS'
  | 'JOB_CONCURRENCY'
  | 'JOB_STEP_DELAY_MS'
> & {
  readonly DATABASE_URL?: string | undefined;
  readonly REDIS_URL?: string | undefined;
};

/** The predictions subgraph with the parts tests and tools drive directly. */
export interface PredictionsService extends SubgraphService {
  readonly parts: PredictionsParts;
  /** The in-process worker, when PREDICTIONS_WORKER is true. */
  readonly worker: PredictionsWorker | null;
}

/** Migrates the predictions schema and returns the subgraph's view of the database. */
export async function preparePredictionsDatabase(deps: SubgraphDependencies): Promise<PredictionsSchema> {
  return migratedSchema<PredictionsDatabase>(deps.db.root, predictionsSchema, predictionsMigrations);
}

/**
 * Migrates the predictions schema and builds the predictions subgraph server, its job queue and
 * event hubs, and (PREDICTIONS_WORKER=true, the default) the in-process worker and scheduler, which
 * creates and trains the default models unless DEFAULT_MODELS=off.
 * With REDIS_URL, a Redis reconnect makes every open subscription backfill from Postgres.
 */
export async function createPredictionsService(env: PredictionsServiceEnv, deps: SubgraphDependencies): Promise<PredictionsService> {
  const db = await preparePredictionsDatabase(deps);
  const market = createMarketClient(env.MARKET_URL, env.internalSecret);
  const queue = await openJobQueue(env, db, deps.logger);
  const parts: PredictionsParts = {
    db,
    market,
    queue,
    bus: deps.bus,
    logger: deps.logger,
    predictionHub: createPredictionHub(deps.bus, deps.logger, db),
    jobHub: createJobHub(deps.bus, deps.logger),
  };
  let watch: ReconnectWatch | null = null;
  let worker: PredictionsWorker | null = null;
  const close = async () => {
    await watch?.close();
    await parts.predictionHub.close();
    await parts.jobHub.close();
    if (worker) await worker.stop();
    else await queue.stop();
  };
  try {
    if (env.REDIS_URL) {
      watch = watchRedisReconnects(env.REDIS_URL, () => void Promise.all([parts.predictionHub.resync(), parts.jobHub.resync()]), deps.logger);
    }
    const app = await createSubgraphServer({
      name: 'predictions',
      typeDefs,
      resolvers: mergeResolvers([scalarResolvers, modelResolvers, versionResolvers, jobResolvers, predictionResolvers]),
      permissions: predictionsPermissions,
      internalKey: internalKey(env.internalSecret),
      createContext: contextFactory(parts),
      checkReady: () => probePredictionsSchema(db),
      logger: deps.logger,
    });
    if (env.PREDICTIONS_WORKER)
      worker = await startPredictionsWorker({
        db,
        queue,
        bus: deps.bus,
        logger: deps.logger,
        market,
        stepDelayMs: env.JOB_STEP_DELAY_MS,
        defaultModels: env.DEFAULT_MODELS === 'on',
      });
    return { name: 'predictions', app, parts, worker, close };
  } catch (error) {
    await close();
    throw error;
  }
}
