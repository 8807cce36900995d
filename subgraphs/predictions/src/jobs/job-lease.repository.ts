import { sql } from 'kysely';
import type { PredictionsDb, PredictionsTransaction } from '../db/predictions-database.js';

/**
 * Claims the oldest job that may run now (QUEUED and due, or RUNNING with a lapsed lease: its worker
 * vanished), skipping jobs other workers hold, and leases it for `leaseSeconds`; null when none may run.
 */
export async function claimRunnableJob(trx: PredictionsTransaction, leaseSeconds: number): Promise<string | null> {
  const job = await trx
    .selectFrom('jobs')
    .select(['id'])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', '=', 'QUEUED'),
          eb('run_after', '<=', sql<Date>`now()`),
          eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]),
        ]),
        eb.and([eb('status', '=', 'RUNNING'), eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)])]),
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
    .set({ locked_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})` })
    .where('id', '=', job.id)
    .execute();
  return job.id;
}

/** Extends the lease of a job this worker holds to `leaseSeconds` from now (a released job stays released). */
export async function renewJobLease(db: PredictionsDb, jobId: string, leaseSeconds: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ locked_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})` })
    .where('id', '=', jobId)
    .where('locked_until', 'is not', null)
    .execute();
}

/** How many attempts a job has made; undefined when there is no such job. */
export async function jobAttempts(db: PredictionsDb, jobId: string): Promise<number | undefined> {
  const row = await db.selectFrom('jobs').select('attempts').where('id', '=', jobId).executeTakeFirst();
  return row?.attempts;
}

/** Releases a job's lease; it may run again `delaySeconds` from now (if it is still QUEUED then). */
export async function releaseJobLease(db: PredictionsDb, jobId: string, delaySeconds: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ locked_until: null, run_after: sql<Date>`now() + make_interval(secs => ${delaySeconds})` })
    .where('id', '=', jobId)
    .execute();
}
