import type { Transaction } from 'kysely';
import type { PredictionsDatabase } from '../db/predictions-database.js';

/** One attempt at running a job, as a queue hands it to the runner. */
export interface JobAttempt {
  readonly jobId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** True when a failure of this attempt is final. */
  readonly lastAttempt: boolean;
  /** Aborted when the worker stops: the attempt must stop writing and end. */
  readonly signal: AbortSignal;
}

/** Runs one attempt; throws to ask the queue for a retry (with backoff). */
export type RunAttempt = (attempt: JobAttempt) => Promise<void>;

/** Retry, timeout and concurrency settings shared by both queue implementations. */
export interface QueueSettings {
  /** Attempts before a job fails for good. */
  readonly maxAttempts: number;
  /** Delay before the first retry; doubles with each further retry. */
  readonly retryDelaySeconds: number;
  /** A running job whose worker vanished is retried after this long. */
  readonly timeoutSeconds: number;
  /** Jobs one worker runs at once. */
  readonly concurrency: number;
}

/** Backoff before retry number `attempt` (1-based): `retryDelay × 2^(attempt−1)` seconds. */
export function retryDelayMs(settings: QueueSettings, attempt: number): number {
  return settings.retryDelaySeconds * 1000 * 2 ** Math.max(0, attempt - 1);
}

/**
 * A durable job queue over Postgres: pg-boss on a real server, an in-process runner over the jobs
 * table on the embedded database. Jobs are enqueued in the transaction that creates their row.
 */
export interface JobQueue {
  readonly kind: 'pg-boss' | 'in-process';
  readonly settings: QueueSettings;
  /** Enqueues `jobId` inside `trx`: it runs only if the transaction commits. */
  enqueue(trx: Transaction<PredictionsDatabase>, jobId: string): Promise<void>;
  /** Starts handing jobs to `run` until stopped. */
  work(run: RunAttempt): Promise<void>;
  /** Stops taking jobs and aborts running attempts (they are retried by another worker). */
  stop(): Promise<void>;
}
