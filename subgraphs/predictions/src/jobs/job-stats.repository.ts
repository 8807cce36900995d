import type { PredictionsDb } from '../db/predictions-database.js';
import type { JobKind, JobStatus } from './job.table.js';

/** Jobs waiting or running, by kind and status (for the queue metrics). */
export async function countOpenJobs(db: PredictionsDb): Promise<{ kind: JobKind; status: JobStatus; count: number }[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('status', 'in', ['QUEUED', 'RUNNING'])
    .groupBy(['kind', 'status'])
    .execute();
  return rows.map((row) => ({ kind: row.kind, status: row.status, count: Number(row.count) }));
}
