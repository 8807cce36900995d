import type { Logger } from '@cryptograph/core';
import type { PredictionsSchema } from '../db/predictions-database.js';
import type { PredictionsEnv } from '../env.js';
import { createInProcessQueue } from './in-process-queue.js';
import type { JobQueue, QueueSettings } from './job-queue.js';
import { createPgBossQueue } from './pg-boss-queue.js';

/** Queue settings from the environment. */
export function queueSettings(
  env: Pick<PredictionsEnv, 'JOB_MAX_ATTEMPTS' | 'JOB_RETRY_DELAY_SECONDS' | 'JOB_TIMEOUT_SECONDS' | 'JOB_CONCURRENCY'>,
): QueueSettings {
  return {
    maxAttempts: env.JOB_MAX_ATTEMPTS,
    retryDelaySeconds: env.JOB_RETRY_DELAY_SECONDS,
    timeoutSeconds: env.JOB_TIMEOUT_SECONDS,
    concurrency: env.JOB_CONCURRENCY,
  };
}

/** The queue JOB_QUEUE asks for: `auto` is pg-boss on a real server (DATABASE_URL) and the in-process runner on the embedded database. */
export async function openJobQueue(
  env: Parameters<typeof queueSettings>[0] & Pick<PredictionsEnv, 'JOB_QUEUE'> & { readonly DATABASE_URL?: string | undefined },
  db: PredictionsSchema,
  logger: Logger,
): Promise<JobQueue> {
  const settings = queueSettings(env);
  const pgBoss = env.JOB_QUEUE === 'pg-boss' || (env.JOB_QUEUE === 'auto' && env.DATABASE_URL);
  return pgBoss && env.DATABASE_URL ? createPgBossQueue(env.DATABASE_URL, settings, logger) : createInProcessQueue(db, settings, logger);
}
