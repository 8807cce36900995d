import { sql, type Kysely } from 'kysely';

/** Asks the Postgres server behind `db` a trivial question; rejects when it does not answer. */
export async function pingPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`select 1`.execute(db);
}
