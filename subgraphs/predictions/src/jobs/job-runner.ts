import { isAppError, type EventBus, type Logger } from '@cryptograph/core';
import type { Kysely, Transaction } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import { jobUpdatedChannel } from './job-channel.js';
import type { JobAttempt } from './job-queue.js';
import { findJob, updateJob } from './job.repository.js';
import type { JobKind, JobRow, JobSnapshot } from './job.table.js';

/** What a job's work hands back: the writes of its result, run in the transaction that marks it SUCCEEDED. */
export interface JobOutcome {
  commit(trx: Transaction<PredictionsDatabase>): Promise<Record<string, unknown>>;
  /** Runs after the commit (e.g. publishing a prediction event). */
  afterCommit?(): Promise<void>;
}

/** Reports a progress step (0 to 1) of the running attempt. */
export type ReportProgress = (progress: number, message: string) => Promise<void>;

/** The work of one job kind. It must not write to the registry: only its outcome's `commit` does. */
export type JobWork = (job: JobRow, progress: ReportProgress) => Promise<JobOutcome>;

/** Thrown when the worker stops during an attempt: the attempt leaves everything as it is. */
class AttemptAborted extends Error {}

/**
 * Runs attempts of jobs: marks the job RUNNING, streams progress (stored and published in order),
 * commits the outcome with SUCCEEDED in one transaction, or records the failure. Input errors
 * (AppError) fail at once; other errors are retried by the queue until the last attempt.
 */
export function createJobRunner(deps: { db: Kysely<PredictionsDatabase>; bus: EventBus; logger: Logger; work: Record<JobKind, JobWork>; stepDelayMs?: number }) {
  // Not awaited: commands on one connection keep their order, and a Redis outage must not stall
  // jobs (subscribers backfill from Postgres after a reconnect).
  const publish = async (snapshot: JobSnapshot) => {
    void deps.bus.publish(jobUpdatedChannel, snapshot).catch((error: unknown) => deps.logger.warn({ err: error }, 'publishing a job update failed (subscribers backfill from Postgres)'));
  };
  const change = async (id: string, changes: Parameters<typeof updateJob>[2], signal?: AbortSignal) => {
    if (signal?.aborted) throw new AttemptAborted();
    const { row, snapshot } = await deps.db.transaction().execute((trx) => updateJob(trx, id, changes));
    await publish(snapshot);
    return row;
  };

  return async function runAttempt({ jobId, attempt, lastAttempt, signal }: JobAttempt): Promise<void> {
    const existing = await findJob(deps.db, jobId);
    if (!existing || existing.status === 'SUCCEEDED' || existing.status === 'FAILED') return;
    const job = await change(jobId, { status: 'RUNNING', attempts: attempt, progress: 0, message: attempt > 1 ? `attempt ${attempt} started` : 'started', started_at: new Date(), finished_at: null }, signal);
    const progress: ReportProgress = async (fraction, message) => {
      if (deps.stepDelayMs) await sleep(deps.stepDelayMs, undefined, { signal }).catch(() => undefined);
      await change(jobId, { progress: Math.min(1, Math.max(0, fraction)), message }, signal);
    };
    try {
      const outcome = await deps.work[job.kind](job, progress);
      if (signal.aborted) throw new AttemptAborted();
      const snapshot = await deps.db.transaction().execute(async (trx) => {
        const current = await findJob(trx, jobId, true);
        if (current?.status !== 'RUNNING') return null;
        const result = await outcome.commit(trx);
        return (await updateJob(trx, jobId, { status: 'SUCCEEDED', progress: 1, message: 'done', error: null, result: JSON.stringify(result), finished_at: new Date() })).snapshot;
      });
      if (snapshot) {
        await publish(snapshot);
        await outcome.afterCommit?.();
      }
    } catch (error) {
      if (error instanceof AttemptAborted || signal.aborted) throw error instanceof AttemptAborted ? error : new AttemptAborted();
      const reason = isAppError(error) ? error.message : `${error instanceof Error ? error.message : String(error)}`;
      if (isAppError(error) || lastAttempt) {
        await change(jobId, { status: 'FAILED', error: isAppError(error) ? reason : `${reason} (after ${attempt} attempts)`, message: 'failed', finished_at: new Date() });
        if (!isAppError(error)) deps.logger.warn({ err: error, jobId }, 'job failed for good');
        return;
      }
      await change(jobId, { status: 'QUEUED', error: `attempt ${attempt} failed: ${reason}; retrying`, message: 'waiting to retry' });
      throw error;
    }
  };
}
