import type { Logger } from '@cryptograph/core';
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { leaseRenewalMs, type JobQueue, type QueueSettings, type RunAttempt } from './job-queue.js';
import { pgBossTransactionDb, renewPgBossJobLease } from './pg-boss-lease.repository.js';

/** Postgres schema of pg-boss's own tables. */
export const pgBossSchema = 'predictions_queue';
const queueName = 'predictions-jobs';
/** Where pg-boss moves a job whose retries ran out without our runner recording it (its worker vanished on the last attempt). */
const deadLetterQueue = 'predictions-jobs-exhausted';
/** How often an idle worker slot asks for a job. */
const pollMs = 500;

/** What a pg-boss job carries: the id of our `jobs` row. */
interface QueuedJob {
  readonly jobId: string;
}

/** Seconds of a Postgres interval as pg returns it (`expire_in`); null when it is not one. */
function intervalSeconds(
  interval: { days?: number; hours?: number; minutes?: number; seconds?: number; milliseconds?: number } | null | undefined,
): number | null {
  if (!interval || typeof interval !== 'object') return null;
  const seconds =
    (((interval.days ?? 0) * 24 + (interval.hours ?? 0)) * 60 + (interval.minutes ?? 0)) * 60 + (interval.seconds ?? 0) + (interval.milliseconds ?? 0) / 1000;
  return seconds > 0 ? seconds : null;
}

/**
 * Creates `name` unless it exists. Services starting together (the predictions subgraph and its
 * worker) create the same queues at once: Postgres may resolve that as a deadlock (40P01) and abort
 * one side before the other commits, so a failed creation is retried, briefly, until the queue is there.
 */
async function createQueueOnce(boss: PgBoss, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(name);
      return;
    } catch (error) {
      if (await boss.getQueue(name)) return;
      if (attempt >= 5) throw error;
      await sleep(100 * attempt + Math.floor(Math.random() * 100));
    }
  }
}

/**
 * The real-server queue: pg-boss 10 (the last major that runs on Node 20) in schema
 * `predictions_queue`. Attempts are counted in our `jobs` row; pg-boss's retry limit matches what is
 * left, so a worker that vanished mid-attempt is retried (after `timeoutSeconds`) until the attempts
 * run out, and then pg-boss hands the job to a dead-letter queue whose handler records it FAILED.
 * pg-boss 10 has no lease renewal, so a running job's lease is renewed by moving its `started_on`
 * forward (expiry is `started_on + expire_in`; pinned to pg-boss 10.4.2), at a third of the job's
 * own `expire_in`. Jobs are fetched and completed by our own loop rather than `boss.work`, whose
 * handler pg-boss fails after `expire_in` however alive its worker is (then runs it again beside the
 * running attempt) and whose own complete/fail calls are not awaited (a database outage at the end
 * of an attempt became an unhandled rejection, e2e/faults). A graceful stop hands a running job back at once: a fresh pg-boss job with the
 * same attempts left replaces it.
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
  for (const name of [deadLetterQueue, queueName]) await createQueueOnce(boss, name);
  const abort = new AbortController();
  const sendOptions = (retries: number) => ({
    retryLimit: Math.max(0, retries),
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: settings.timeoutSeconds,
    deadLetter: deadLetterQueue,
  });
  // The lease is the job's own `expire_in`, set by whichever service enqueued it (its JOB_TIMEOUT_SECONDS
  // may differ from this worker's): renewing on this worker's setting could let a live job expire.
  const renewLease = (job: PgBoss.JobWithMetadata<QueuedJob>) =>
    setInterval(
      () => {
        void renewPgBossJobLease(boss, { schema: pgBossSchema, queue: queueName, id: job.id }).catch((error: unknown) =>
          logger.warn({ err: error, bossJobId: job.id }, 'renewing a job lease failed'),
        );
      },
      leaseRenewalMs({ timeoutSeconds: intervalSeconds(job.expireIn) ?? settings.timeoutSeconds }),
    );
  const attempt = async (job: PgBoss.JobWithMetadata<QueuedJob>, run: RunAttempt) => {
    const renewal = renewLease(job);
    try {
      const outcome = await run({ jobId: job.data.jobId, signal: abort.signal });
      if (outcome === 'stopped') await boss.send(queueName, { jobId: job.data.jobId }, sendOptions(job.retryLimit - job.retryCount));
      // A failed pg-boss job is retried with its backoff (or dead-lettered when its retries ran out).
      if (outcome === 'retry') await boss.fail(queueName, job.id, { reason: 'attempt failed; retried' });
      else await boss.complete(queueName, job.id);
    } catch (error) {
      logger.error({ err: error, jobId: job.data.jobId }, 'running a job attempt failed');
      await boss
        .fail(queueName, job.id, { reason: 'the attempt failed unexpectedly' })
        .catch((failure: unknown) => logger.error({ err: failure }, 'recording a failed attempt in pg-boss failed (its lease will lapse)'));
    } finally {
      clearInterval(renewal);
    }
  };
  /** Records a job whose worker vanished on its last attempt as FAILED, then completes its dead letter. */
  const deadLetter = async (job: PgBoss.JobWithMetadata<QueuedJob>, failVanished: (jobId: string) => Promise<void>) => {
    try {
      await failVanished(job.data.jobId);
      await boss.complete(deadLetterQueue, job.id);
    } catch (error) {
      logger.error({ err: error, jobId: job.data.jobId }, 'recording a vanished job failed (its dead letter is retried)');
      await boss.fail(deadLetterQueue, job.id, { reason: 'recording it failed' }).catch(() => undefined);
    }
  };
  const loops: Promise<void>[] = [];
  /** One worker slot on `queue`: fetches a job, handles it (never rejects), or waits `pollMs`. */
  const loop = async (queue: string, handle: (job: PgBoss.JobWithMetadata<QueuedJob>) => Promise<void>) => {
    while (!abort.signal.aborted) {
      let job: PgBoss.JobWithMetadata<QueuedJob> | undefined;
      try {
        [job] = await boss.fetch<QueuedJob>(queue, { batchSize: 1, includeMetadata: true });
      } catch (error) {
        if (!abort.signal.aborted) logger.error({ err: { message: (error as Error).message } }, 'fetching a job failed');
      }
      if (job) await handle(job);
      else await sleep(pollMs, undefined, { signal: abort.signal }).catch(() => undefined);
    }
  };
  return {
    kind: 'pg-boss',
    settings,
    async enqueue(trx, jobId) {
      await boss.send(queueName, { jobId }, { ...sendOptions(settings.maxAttempts - 1), db: pgBossTransactionDb(trx) });
    },
    async work(run: RunAttempt, failVanished) {
      for (let k = 0; k < settings.concurrency; k++) loops.push(loop(queueName, (job) => attempt(job, run)));
      loops.push(loop(deadLetterQueue, (job) => deadLetter(job, failVanished)));
    },
    async stop() {
      abort.abort();
      await Promise.allSettled(loops);
      await boss.stop({ graceful: true, wait: true, close: true, timeout: 10_000 });
    },
  };
}
