import { ErrorCode, isAppError, jobUpdatedChannel, type EventBus, type Logger } from '@cryptograph/core';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PredictionsSchema, PredictionsTransaction } from '../db/predictions-database.js';
import { vanishedWorkerReason, type AttemptOutcome, type JobAttempt } from './job-queue.js';
import { findJob, updateJob } from './job.repository.js';
import type { JobKind, JobRow, JobSnapshot } from './job.table.js';

/** What a job's work hands back: the writes of its result, run in the transaction that marks it SUCCEEDED. */
export interface JobOutcome {
  commit(trx: PredictionsTransaction): Promise<Record<string, unknown>>;
  /** Runs after the commit (e.g. publishing a prediction event). */
  afterCommit?(): Promise<void>;
}

/** Reports a progress step (0 to 1) of the running attempt. */
export type ReportProgress = (progress: number, message: string) => Promise<void>;

/** The work of one job kind. It must not write to the registry: only its outcome's `commit` does. */
export type JobWork = (job: JobRow, progress: ReportProgress) => Promise<JobOutcome>;

/** Thrown when the worker stops during an attempt: the attempt leaves everything as it is. */
class AttemptAborted extends Error {}

/** Errors that another attempt cannot fix (bad input, a missing model): the job fails at once. */
function isPermanent(error: unknown): boolean {
  return isAppError(error) && error.code !== ErrorCode.DOWNSTREAM_SERVICE_ERROR && error.code !== ErrorCode.INTERNAL_SERVER_ERROR;
}

/**
 * The reason a failed attempt shows in `Job.error`, which every viewer reads: an input error's own
 * message (AppErrors are written for clients), otherwise a generic sentence. The raw error (host
 * names, SQL, stack) goes to the log only.
 */
export function publicReason(error: unknown): string {
  return isAppError(error) ? error.message : 'The job failed unexpectedly; the details are in the service log.';
}

/**
 * Runs attempts of jobs: marks the job RUNNING (counting the attempt), streams progress (stored and
 * published in order), commits the outcome with SUCCEEDED in one transaction, or records the
 * failure. Input errors fail at once; others (an unavailable market, anything unexpected) are
 * retried by the queue until the last attempt. When the worker stops mid-attempt, the job goes back
 * to QUEUED with the attempt given back.
 */
export function createJobRunner(deps: { db: PredictionsSchema; bus: EventBus; logger: Logger; work: Record<JobKind, JobWork>; stepDelayMs?: number }) {
  // Not awaited: commands on one connection keep their order, and a Redis outage must not stall
  // jobs (subscribers backfill from Postgres after a reconnect).
  const publish = (snapshot: JobSnapshot) => {
    void deps.bus
      .publish(jobUpdatedChannel, snapshot)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'publishing a job update failed (subscribers backfill from Postgres)'));
  };
  const change = async (id: string, changes: Parameters<typeof updateJob>[2], signal?: AbortSignal) => {
    if (signal?.aborted) throw new AttemptAborted();
    const { row, snapshot } = await deps.db.transaction().execute((trx) => updateJob(trx, id, changes));
    publish(snapshot);
    return row;
  };

  /** Records FAILED for a job whose worker vanished during its last attempt (unless it already finished). */
  const failVanished = async (jobId: string): Promise<void> => {
    const existing = await findJob(deps.db, jobId);
    if (!existing || existing.status === 'SUCCEEDED' || existing.status === 'FAILED') return;
    deps.logger.warn({ jobId, attempts: existing.attempts }, 'job failed for good: its worker stopped responding on the last attempt');
    await change(jobId, { status: 'FAILED', error: vanishedWorkerReason(existing.attempts), message: 'failed', finished_at: new Date() });
  };

  const runAttempt = async ({ jobId, signal }: JobAttempt): Promise<AttemptOutcome> => {
    const existing = await findJob(deps.db, jobId);
    if (!existing || existing.status === 'SUCCEEDED' || existing.status === 'FAILED') return 'finished';
    // Still RUNNING from an attempt whose worker vanished (its lease lapsed): it cost an attempt.
    if (existing.status === 'RUNNING' && existing.attempts >= existing.max_attempts) {
      await failVanished(jobId);
      return 'finished';
    }
    if (signal.aborted) return 'stopped';
    const attempt = existing.attempts + 1;
    const job = await change(jobId, {
      status: 'RUNNING',
      attempts: attempt,
      progress: 0,
      message: attempt > 1 ? `attempt ${attempt} started` : 'started',
      started_at: new Date(),
      finished_at: null,
    });
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
        return (
          await updateJob(trx, jobId, {
            status: 'SUCCEEDED',
            progress: 1,
            message: 'done',
            error: null,
            result: JSON.stringify(result),
            finished_at: new Date(),
          })
        ).snapshot;
      });
      if (snapshot) {
        publish(snapshot);
        await outcome.afterCommit?.();
      }
      return 'finished';
    } catch (error) {
      if (error instanceof AttemptAborted || signal.aborted) {
        await change(jobId, { status: 'QUEUED', attempts: attempt - 1, message: 'handed back: its worker stopped', started_at: null });
        return 'stopped';
      }
      const reason = publicReason(error);
      if (!isAppError(error)) deps.logger.error({ err: error, jobId, attempt }, 'job attempt failed');
      if (isPermanent(error) || attempt >= job.max_attempts) {
        await change(jobId, {
          status: 'FAILED',
          error: isPermanent(error) ? reason : `${reason} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'})`,
          message: 'failed',
          finished_at: new Date(),
        });
        return 'finished';
      }
      await change(jobId, { status: 'QUEUED', error: `Attempt ${attempt} failed: ${reason} Retrying.`, message: 'waiting to retry' });
      return 'retry';
    }
  };
  return { runAttempt, failVanished };
}

/** The job runner: `runAttempt` for the queues, `failVanished` for jobs whose last attempt's worker vanished. */
export type JobRunner = ReturnType<typeof createJobRunner>;
