import type { Logger } from '@cryptograph/core';
import { CompiledQuery, type Transaction } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import { leaseRenewalMs, type JobQueue, type QueueSettings, type RunAttempt } from './job-queue.js';

/** Postgres schema of pg-boss's own tables. */
export const pgBossSchema = 'predictions_queue';
const queueName = 'predictions-jobs';
/** Where pg-boss moves a job whose retries ran out without our runner recording it (its worker vanished on the last attempt). */
const deadLetterQueue = 'predictions-jobs-exhausted';
const pollingIntervalMs = 500;

/** pg-boss's `db` adapter over a kysely transaction, so a job is sent atomically with its row. */
function transactionDb(trx: Transaction<PredictionsDatabase>): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: [...(await trx.executeQuery(CompiledQuery.raw(text, values ?? []))).rows] }) };
}

/**
 * The real-server queue: pg-boss 10 (the last major that runs on Node 20) in schema
 * `predictions_queue`. Attempts are counted in our `jobs` row; pg-boss's retry limit matches what is
 * left, so a worker that vanished mid-attempt is retried (after `timeoutSeconds`) until the attempts
 * run out, and then pg-boss hands the job to a dead-letter queue whose handler records it FAILED.
 * pg-boss 10 has no lease renewal, so a running job's lease is renewed by moving its `started_on`
 * forward (expiry is `started_on + expire_in`; pinned to pg-boss 10.4.2). A graceful stop hands a
 * running job back at once: a fresh pg-boss job with the same attempts left replaces it.
 */
export async function createPgBossQueue(databaseUrl: string, settings: QueueSettings, logger: Logger): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: pgBossSchema,
    max: Math.max(3, settings.concurrency + 2),
    supervise: true,
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(settings.timeoutSeconds / 2))),
    schedule: false,
  });
  // The message and code only: pg attaches its whole client to pool errors, one huge line per error during a database outage.
  boss.on('error', (error) => logger.error({ err: { message: error.message, code: (error as { code?: unknown }).code } }, 'pg-boss error'));
  await boss.start();
  for (const name of [deadLetterQueue, queueName]) {
    await boss.createQueue(name).catch(async (error: unknown) => {
      if (!(await boss.getQueue(name))) throw error;
    });
  }
  const abort = new AbortController();
  const loops: Promise<void>[] = [];
  const sendOptions = (retries: number) => ({ retryLimit: Math.max(0, retries), retryDelay: settings.retryDelaySeconds, retryBackoff: true, expireInSeconds: settings.timeoutSeconds, deadLetter: deadLetterQueue });
  const renewLease = (bossJobId: string) =>
    setInterval(() => {
      void boss
        .getDb()
        .executeSql(`update ${pgBossSchema}.job set started_on = now() where name = $1 and id = $2 and state = 'active'`, [queueName, bossJobId])
        .catch((error: unknown) => logger.warn({ err: error, bossJobId }, 'renewing a job lease failed'));
    }, leaseRenewalMs(settings));
  /** Records an attempt's end in the queue; if the database is away, the job stays active and pg-boss's maintenance retries it once its lease lapses. */
  const settle = (what: string, jobId: string, write: () => Promise<unknown>) =>
    write().catch((error: unknown) => logger.warn({ err: error, jobId, what }, 'recording a job attempt in the queue failed; it is retried after its lease'));
  /**
   * One worker slot on `queue`: fetches a job, handles it, completes or fails it. Written here
   * instead of `boss.work()` because pg-boss 10 does not await its own complete/fail calls there, so
   * a database outage at the end of an attempt became an unhandled rejection (e2e/faults).
   */
  const workLoop = async (queue: string, handle: (job: PgBoss.JobWithMetadata<{ jobId: string }>) => Promise<void>) => {
    while (!abort.signal.aborted) {
      const [job] = await boss.fetch<{ jobId: string }>(queue, { batchSize: 1, includeMetadata: true }).catch(() => []);
      if (!job) {
        await sleep(pollingIntervalMs, undefined, { signal: abort.signal }).catch(() => undefined);
        continue;
      }
      try {
        await handle(job);
        await settle('complete', job.data.jobId, () => boss.complete(queue, job.id));
      } catch (error) {
        await settle('fail', job.data.jobId, () => boss.fail(queue, job.id, { message: error instanceof Error ? error.message : String(error) }));
      }
    }
  };
  return {
    kind: 'pg-boss',
    settings,
    async enqueue(trx, jobId) {
      await boss.send(queueName, { jobId }, { ...sendOptions(settings.maxAttempts - 1), db: transactionDb(trx) });
    },
    async work(run: RunAttempt, failVanished) {
      const attempt = async (job: PgBoss.JobWithMetadata<{ jobId: string }>) => {
        const renewal = renewLease(job.id);
        try {
          const outcome = await run({ jobId: job.data.jobId, signal: abort.signal });
          // pg-boss retries with its backoff when the attempt fails.
          if (outcome === 'retry') throw new Error('attempt failed; retried');
          if (outcome === 'stopped') await boss.send(queueName, { jobId: job.data.jobId }, sendOptions(job.retryLimit - job.retryCount));
        } finally {
          clearInterval(renewal);
        }
      };
      for (let k = 0; k < settings.concurrency; k++) loops.push(workLoop(queueName, attempt));
      loops.push(workLoop(deadLetterQueue, (job) => failVanished(job.data.jobId)));
    },
    async stop() {
      abort.abort();
      await Promise.all(loops);
      await boss.stop({ graceful: true, wait: true, close: true, timeout: 10_000 });
    },
  };
}
