import type { JobUpdatedMessage } from '@cryptograph/core';
import type { ColumnType, Generated, Selectable } from 'kysely';

/** Kinds of jobs. */
export type JobKind = JobUpdatedMessage['kind'];
/** States of a job. */
export type JobStatus = JobUpdatedMessage['status'];

/** The `predictions.jobs` table: every job's public state (the queue itself may live elsewhere). */
export interface JobTable {
  id: Generated<string>;
  kind: JobKind;
  status: Generated<JobStatus>;
  progress: Generated<number>;
  message: string | null;
  error: string | null;
  model_id: string;
  input: ColumnType<Record<string, unknown>, string, string>;
  result: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  attempts: Generated<number>;
  max_attempts: number;
  run_after: Generated<Date>;
  locked_until: Date | null;
  dedupe_key: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
}

/** One row of `predictions.jobs`. */
export type JobRow = Selectable<JobTable>;

/** The `predictions.job_events` table: every state change and progress step, in order. */
export interface JobEventTable {
  id: Generated<number>;
  job_id: string;
  snapshot: ColumnType<JobSnapshot, string, never>;
  created_at: Generated<Date>;
}

/** A job as one of its events shows it: the `jobUpdatedChannel` payload, also stored in `job_events`. */
export type JobSnapshot = JobUpdatedMessage;
