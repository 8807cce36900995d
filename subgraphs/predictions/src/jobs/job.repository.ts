import { sql, type Insertable, type Updateable } from 'kysely';
import { predictionsSchema, type PredictionsDb, type PredictionsTransaction } from '../db/predictions-database.js';
import { isUuid } from '../db/uuid.js';
import type { JobRow, JobSnapshot, JobTable } from './job.table.js';

/** A job row as the public snapshot of one event. */
export function toJobSnapshot(row: JobRow, eventId: number | string): JobSnapshot {
  return {
    eventId: String(eventId),
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: row.progress,
    message: row.message,
    error: row.error,
    attempts: row.attempts,
    modelId: row.model_id,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    result: row.result,
  };
}

/** Inserts a job and its first event (QUEUED); null when `dedupe_key` is already taken. */
export async function insertJob(db: PredictionsTransaction, job: Insertable<JobTable>): Promise<{ row: JobRow; snapshot: JobSnapshot } | null> {
  const row = await db
    .insertInto('jobs')
    .values(job)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  return { row, snapshot: await appendJobEvent(db, row) };
}

/** Records the current state of a job as its next event and returns that snapshot. */
export async function appendJobEvent(db: PredictionsDb, row: JobRow): Promise<JobSnapshot> {
  const { rows } = await sql<{ id: string }>`select nextval(${`${predictionsSchema}.job_events_id_seq`}::regclass)::text as id`.execute(db);
  const snapshot = toJobSnapshot(row, rows[0]!.id);
  await db
    .insertInto('job_events')
    .values({ id: Number(snapshot.eventId), job_id: row.id, snapshot: JSON.stringify(snapshot) } as never)
    .execute();
  return snapshot;
}

/** Updates a job and records the new state as an event, in one transaction of the caller. */
export async function updateJob(db: PredictionsTransaction, id: string, changes: Updateable<JobTable>): Promise<{ row: JobRow; snapshot: JobSnapshot }> {
  const row = await db.updateTable('jobs').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return { row, snapshot: await appendJobEvent(db, row) };
}

/** One job by id, optionally locking it for the rest of the transaction (an id that is not a UUID names none). */
export async function findJob(db: PredictionsDb, id: string, forUpdate = false): Promise<JobRow | undefined> {
  if (!isUuid(id)) return undefined;
  let query = db.selectFrom('jobs').selectAll().where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Events of a job after event id `after`, in order. */
export async function jobEventsAfter(db: PredictionsDb, jobId: string, after: number, limit: number): Promise<JobSnapshot[]> {
  const rows = await db.selectFrom('job_events').select('snapshot').where('job_id', '=', jobId).where('id', '>', after).orderBy('id').limit(limit).execute();
  return rows.map((row) => row.snapshot);
}

/** The id of a job's newest event; undefined before its first. */
export async function lastJobEventId(db: PredictionsDb, jobId: string): Promise<number | undefined> {
  const row = await db.selectFrom('job_events').select('id').where('job_id', '=', jobId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row === undefined ? undefined : Number(row.id);
}
