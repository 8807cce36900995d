import type { Logger } from '@cryptograph/core';
import { sql, type Kysely } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import { retryDelayMs, type JobQueue, type QueueSettings, type RunAttempt } from './job-queue.js';

const pollMs = 250;

/**
 * The embedded-default queue. pg-boss cannot run on the embedded PGlite here: its scripts bundle
 * several statements (BEGIN; advisory lock; …; COMMIT), which the single shared connection behind
 * kysely rejects as a prepared statement, and running them beside kysely's transactions on that one
 * connection would interleave them. So this small runner works on the same `jobs` table with the
 * same semantics: a job is claimed with `FOR UPDATE SKIP LOCKED` and leased for `timeoutSeconds`
 * (an expired lease — a crashed or stopped worker — makes it runnable again), failed attempts
 * are retried after `run_after` with the same exponential backoff, up to `max_attempts`.
 */
export function createInProcessQueue(db: Kysely<PredictionsDatabase>, settings: QueueSettings, logger: Logger): JobQueue {
  const abort = new AbortController();
  const loops: Promise<void>[] = [];
  let wake: (() => void) | null = null;

  const claim = async () =>
    db.transaction().execute(async (trx) => {
      const job = await trx
        .selectFrom('jobs')
        .select(['id', 'attempts', 'max_attempts'])
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'QUEUED'), eb('run_after', '<=', sql<Date>`now()`)]),
            eb.and([eb('status', '=', 'RUNNING'), eb('locked_until', '<', sql<Date>`now()`)]),
          ]),
        )
        .orderBy('created_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!job) return null;
      await trx
        .updateTable('jobs')
        .set({ locked_until: sql<Date>`now() + make_interval(secs => ${settings.timeoutSeconds})` })
        .where('id', '=', job.id)
        .execute();
      return job;
    });

  const loop = async (run: RunAttempt) => {
    while (!abort.signal.aborted) {
      let job: Awaited<ReturnType<typeof claim>> = null;
      try {
        job = await claim();
      } catch (error) {
        if (!abort.signal.aborted) logger.error({ err: error }, 'claiming a job failed');
      }
      if (!job) {
        await Promise.race([sleep(pollMs, undefined, { signal: abort.signal }).catch(() => undefined), new Promise<void>((resolve) => (wake = resolve))]);
        continue;
      }
      const attempt = job.attempts + 1;
      try {
        await run({ jobId: job.id, attempt, lastAttempt: attempt >= job.max_attempts, signal: abort.signal });
        if (!abort.signal.aborted) await db.updateTable('jobs').set({ locked_until: null }).where('id', '=', job.id).execute();
      } catch {
        if (abort.signal.aborted) break;
        const delay = retryDelayMs(settings, attempt);
        await db
          .updateTable('jobs')
          .set({ locked_until: null, run_after: sql<Date>`now() + make_interval(secs => ${delay / 1000})` })
          .where('id', '=', job.id)
          .execute();
      }
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
