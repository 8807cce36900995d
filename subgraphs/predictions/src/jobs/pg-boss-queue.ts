import type { Logger } from '@cryptograph/core';
import { CompiledQuery, type Transaction } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import type { JobQueue, QueueSettings, RunAttempt } from './job-queue.js';

/** Postgres schema of pg-boss's own tables. */
export const pgBossSchema = 'predictions_queue';
const queueName = 'predictions-jobs';
const pollingIntervalMs = 500;

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
  // The message and code only: pg attaches its whole client to pool errors, one huge line per error during a database outage.
  boss.on('error', (error) => logger.error({ err: { message: error.message, code: (error as { code?: unknown }).code } }, 'pg-boss error'));
  await boss.start();
  await boss.createQueue(queueName).catch(async (error: unknown) => {
    if (!(await boss.getQueue(queueName))) throw error;
  });
  const abort = new AbortController();
  const loops: Promise<void>[] = [];
  /** Records an attempt's end; if the database is away, the job stays active and pg-boss's maintenance retries it after `timeoutSeconds`. */
  const settle = (what: string, jobId: string, write: () => Promise<unknown>) =>
    write().catch((error: unknown) => logger.warn({ err: error, jobId, what }, 'recording a job attempt in the queue failed; it is retried after its timeout'));
  /**
   * One worker slot: fetches a job, runs it, completes or fails it. Written here instead of
   * `boss.work()` because pg-boss 10 does not await its own complete/fail calls there, so a
   * database outage at the end of an attempt became an unhandled rejection (e2e/faults).
   */
  const workLoop = async (run: RunAttempt) => {
    while (!abort.signal.aborted) {
      const [job] = await boss.fetch<{ jobId: string }>(queueName, { batchSize: 1, includeMetadata: true }).catch(() => []);
      if (!job) {
        await sleep(pollingIntervalMs, undefined, { signal: abort.signal }).catch(() => undefined);
        continue;
      }
      try {
        // As boss.work() did: past its timeout an attempt no longer holds the slot (the queue retries the job; its commit happens once).
        const attempt = run({ jobId: job.data.jobId, attempt: job.retryCount + 1, lastAttempt: job.retryCount >= job.retryLimit, signal: abort.signal });
        const timeout = new AbortController();
        await Promise.race([
          attempt.finally(() => timeout.abort()),
          sleep(settings.timeoutSeconds * 1000, undefined, { signal: timeout.signal }).then(() => {
            attempt.catch(() => {});
            throw new Error(`attempt timed out after ${settings.timeoutSeconds} s`);
          }),
        ]);
        await settle('complete', job.data.jobId, () => boss.complete(queueName, job.id));
      } catch (error) {
        await settle('fail', job.data.jobId, () => boss.fail(queueName, job.id, { message: error instanceof Error ? error.message : String(error) }));
      }
    }
  };
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
      for (let k = 0; k < settings.concurrency; k++) loops.push(workLoop(run));
    },
    async stop() {
      abort.abort();
      await Promise.all(loops);
      await boss.stop({ graceful: false, wait: true, close: true, timeout: 1000 });
    },
  };
}
