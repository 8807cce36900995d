import { backoffDelay } from '@cryptograph/core';
import type { PredictionsTransaction } from '../db/predictions-database.js';

/** One attempt at running a job, as a queue hands it to the runner. */
export interface JobAttempt {
  readonly jobId: string;
  /** Aborted when the worker stops: the attempt must stop writing and end. */
  readonly signal: AbortSignal;
}

/**
 * How an attempt ended: `finished` (SUCCEEDED or FAILED is recorded), `retry` (it failed and is
 * QUEUED again with its reason: retry after the backoff), `stopped` (the worker stopped during it;
 * the job is QUEUED again without losing the attempt: hand it back at once).
 */
export type AttemptOutcome = 'finished' | 'retry' | 'stopped';

/** Runs one attempt of a job. */
export type RunAttempt = (attempt: JobAttempt) => Promise<AttemptOutcome>;

/** Retry, lease and concurrency settings shared by both queue implementations. */
export interface QueueSettings {
  /** Attempts before a job fails for good. */
  readonly maxAttempts: number;
  /** Delay before the first retry; doubles with each further retry. */
  readonly retryDelaySeconds: number;
  /** Lease of a running job: renewed while its worker lives, and a job whose worker vanished runs again once it lapses. */
  readonly timeoutSeconds: number;
  /** Jobs one worker runs at once. */
  readonly concurrency: number;
}

/**
 * Backoff before retry number `attempt` (1-based): `retryDelay × 2^(attempt−1)` seconds, the shared backoff without
 * jitter (pg-boss's own retry backoff grows the same way).
 */
export function retryDelayMs(settings: QueueSettings, attempt: number): number {
  return backoffDelay(attempt - 1, { initialMs: settings.retryDelaySeconds * 1000, maxMs: Number.POSITIVE_INFINITY, jitter: false });
}

/** How often a running job's lease is renewed: three times per lease. */
export function leaseRenewalMs(settings: Pick<QueueSettings, 'timeoutSeconds'>): number {
  return Math.max(200, (settings.timeoutSeconds * 1000) / 3);
}

/** The clean reason stored when a job's worker stopped responding on its last attempt. */
export const vanishedWorkerReason = (attempts: number) =>
  `The worker running it stopped responding (${attempts} attempt${attempts === 1 ? '' : 's'}); gave up.`;

/**
 * A durable job queue over Postgres: pg-boss on a real server, an in-process runner over the jobs
 * table on the embedded database. Jobs are enqueued in the transaction that creates their row. Both
 * give a job `maxAttempts` attempts (a worker that vanished mid-attempt costs one, a graceful stop
 * none), renew the lease of running jobs, and record FAILED when attempts run out.
 */
export interface JobQueue {
  readonly kind: 'pg-boss' | 'in-process';
  readonly settings: QueueSettings;
  /** Enqueues `jobId` inside `trx`: it runs only if the transaction commits. */
  enqueue(trx: PredictionsTransaction, jobId: string): Promise<void>;
  /** Starts handing jobs to `run` until stopped; `failVanished` records a job whose worker vanished on its last attempt. */
  work(run: RunAttempt, failVanished: (jobId: string) => Promise<void>): Promise<void>;
  /** Stops taking jobs; running attempts are aborted and handed back at once, without costing an attempt. */
  stop(): Promise<void>;
}
