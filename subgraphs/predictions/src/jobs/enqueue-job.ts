import { jobUpdatedChannel, type EventBus, type Logger } from '@cryptograph/core';
import type { PredictionsSchema } from '../db/predictions-database.js';
import type { JobQueue } from './job-queue.js';
import { insertJob } from './job.repository.js';
import type { JobKind, JobSnapshot } from './job.table.js';

/** A job to enqueue. */
export interface NewJob {
  readonly kind: JobKind;
  readonly modelId: string;
  readonly input: Record<string, unknown>;
  readonly createdBy: string | null;
  /** Jobs with the same key are enqueued once (scheduled predictions of one bar). */
  readonly dedupeKey?: string;
}

/** Creates the job row and its queue entry in one transaction, then publishes its QUEUED event; null for a duplicate. */
export async function enqueueJob(db: PredictionsSchema, queue: JobQueue, bus: EventBus, logger: Logger, job: NewJob): Promise<JobSnapshot | null> {
  const created = await db.transaction().execute(async (trx) => {
    const inserted = await insertJob(trx, {
      kind: job.kind,
      model_id: job.modelId,
      input: JSON.stringify(job.input),
      max_attempts: queue.settings.maxAttempts,
      dedupe_key: job.dedupeKey ?? null,
      created_by: job.createdBy,
      message: 'queued',
      locked_until: null,
      error: null,
      result: null,
      started_at: null,
      finished_at: null,
    });
    if (inserted) await queue.enqueue(trx, inserted.row.id);
    return inserted;
  });
  if (!created) return null;
  void bus.publish(jobUpdatedChannel, created.snapshot).catch((error: unknown) => logger.warn({ err: error }, 'publishing a job update failed'));
  return created.snapshot;
}
