import type { Kysely } from 'kysely';

/** Adds each user's session version: access tokens carry it, and bumping it refuses every older token at once. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('session_version', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
}
