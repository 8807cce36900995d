import type { Logger } from '@cryptograph/core';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PredictionsSchema } from '../db/predictions-database.js';
import { claimRunnableJob, jobAttempts, releaseJobLease, renewJobLease } from './job-lease.repository.js';
import { leaseRenewalMs, retryDelayMs, type AttemptOutcome, type JobQueue, type QueueSettings, type RunAttempt } from './job-queue.js';

const pollMs = 250;

/**
 * The embedded-default queue (it also runs on a real server). pg-boss cannot run on the embedded
 * PGlite here: its scripts bundle several statements (BEGIN; advisory lock; …; COMMIT), which the
 * single shared connection behind kysely rejects as a prepared statement, and running them beside
 * kysely's transactions on that one connection would interleave them. So this small runner works on
 * the same `jobs` table with the same semantics as the pg-boss queue: a job is claimed with `FOR
 * UPDATE SKIP LOCKED` and leased for `timeoutSeconds`, the lease renewed while the attempt runs; a
 * lapsed lease (a crashed worker) makes it runnable again, and the runner fails it when that was its
 * last attempt; failed attempts are retried after the same exponential backoff; a graceful stop
 * hands the job back at once.
 */
export function createInProcessQueue(db: PredictionsSchema, settings: QueueSettings, logger: Logger): JobQueue {
  const abort = new AbortController();
  const loops: Promise<void>[] = [];
  let wake: (() => void) | null = null;
  const claim = () => db.transaction().execute((trx) => claimRunnableJob(trx, settings.timeoutSeconds));
  const renewLease = (jobId: string) =>
    setInterval(() => {
      void renewJobLease(db, jobId, settings.timeoutSeconds).catch((error: unknown) => logger.warn({ err: error, jobId }, 'renewing a job lease failed'));
    }, leaseRenewalMs(settings));
  const release = async (jobId: string, outcome: AttemptOutcome | 'error') => {
    let delaySeconds = 0;
    if (outcome === 'retry' || outcome === 'error') delaySeconds = retryDelayMs(settings, Math.max(1, (await jobAttempts(db, jobId)) ?? 1)) / 1000;
    await releaseJobLease(db, jobId, delaySeconds);
  };
  const loop = async (run: RunAttempt) => {
    while (!abort.signal.aborted) {
      let jobId: string | null = null;
      try {
        jobId = await claim();
      } catch (error) {
        if (!abort.signal.aborted) logger.error({ err: error }, 'claiming a job failed');
      }
      if (!jobId) {
        await Promise.race([sleep(pollMs, undefined, { signal: abort.signal }).catch(() => undefined), new Promise<void>((resolve) => (wake = resolve))]);
        continue;
      }
      const renewal = renewLease(jobId);
      let outcome: AttemptOutcome | 'error';
      try {
        outcome = await run({ jobId, signal: abort.signal });
      } catch (error) {
        logger.error({ err: error, jobId }, 'running a job attempt failed');
        outcome = 'error';
      } finally {
        clearInterval(renewal);
      }
      await release(jobId, outcome).catch((error: unknown) => logger.error({ err: error, jobId }, 'releasing a job failed (its lease will lapse)'));
    }
  };
  return {
    kind: 'in-process',
    settings,
    async enqueue() {
      // The committed QUEUED row is the queue entry; nudge an idle loop once it is visible.
      setTimeout(() => wake?.(), 10);
    },
    async work(run) {
      for (let k = 0; k < settings.concurrency; k++) loops.push(loop(run));
    },
    async stop() {
      abort.abort();
      wake?.();
      await Promise.allSettled(loops);
    },
  };
}
