import type { Logger } from '@cryptograph/core';
import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import type { JobQueue, QueueSettings, RunAttempt } from './job-queue.js';

/** Postgres schema of pg-boss's own tables. */
export const pgBossSchema = 'predictions_queue';
const queueName = 'predictions-jobs';

/** pg-boss's `db` adapter over a kysely transaction, so a job is sent atomically with its row. */
function transactionDb(trx: Transaction<PredictionsDatabase>): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: [...(await trx.executeQuery(CompiledQuery.raw(text, values ?? []))).rows] }) };
}

/**
 * The real-server queue: pg-boss 10 (the last major that runs on Node 20) in schema
 * `predictions_queue`. Retries with exponential backoff, and a job whose worker died is expired
 * after `timeoutSeconds` by pg-boss's maintenance and retried by any worker.
 */
export async function createPgBossQueue(databaseUrl: string, settings: QueueSettings, logger: Logger): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: pgBossSchema,
    max: Math.max(2, settings.concurrency + 1),
    supervise: true,
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(settings.timeoutSeconds / 2))),
    schedule: false,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'pg-boss error'));
  await boss.start();
  await boss.createQueue(queueName).catch(async (error: unknown) => {
    if (!(await boss.getQueue(queueName))) throw error;
  });
  const abort = new AbortController();
  return {
    kind: 'pg-boss',
    settings,
    async enqueue(trx, jobId) {
      await boss.send(queueName, { jobId }, {
        retryLimit: settings.maxAttempts - 1,
        retryDelay: settings.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: settings.timeoutSeconds,
        db: transactionDb(trx),
      });
    },
    async work(run: RunAttempt) {
      for (let k = 0; k < settings.concurrency; k++) {
        await boss.work<{ jobId: string }>(queueName, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
          if (!job) return;
          await run({ jobId: job.data.jobId, attempt: job.retryCount + 1, lastAttempt: job.retryCount >= job.retryLimit, signal: abort.signal });
        });
      }
    },
    async stop() {
      abort.abort();
      await boss.stop({ graceful: false, wait: true, close: true, timeout: 1000 });
    },
  };
}
