import { CompiledQuery } from 'kysely';
import type PgBoss from 'pg-boss';
import type { PredictionsTransaction } from '../db/predictions-database.js';

/** pg-boss's `db` adapter over a kysely transaction: the SQL pg-boss writes to send a job runs in `trx`, so the job is sent atomically with its row. */
export function pgBossTransactionDb(trx: PredictionsTransaction): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: [...(await trx.executeQuery(CompiledQuery.raw(text, values ?? []))).rows] }) };
}

/** Where a pg-boss job is: the schema of pg-boss's tables, its queue and its id. */
export interface PgBossJobRef {
  readonly schema: string;
  readonly queue: string;
  readonly id: string;
}

/**
 * Renews the lease of an active pg-boss job by moving its `started_on` forward: pg-boss 10 has no
 * lease renewal and expires a job at `started_on + expire_in` (pinned to pg-boss 10.4.2). A job that
 * is no longer active is left alone.
 */
export async function renewPgBossJobLease(boss: PgBoss, job: PgBossJobRef): Promise<void> {
  await boss.getDb().executeSql(`update ${job.schema}.job set started_on = now() where name = $1 and id = $2 and state = 'active'`, [job.queue, job.id]);
}
