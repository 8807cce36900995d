import type { UsersDb } from './users-database.js';

/** The readiness probe's query: fails unless the users schema answers (the database is reachable and migrated). */
export async function probeUsersSchema(db: UsersDb): Promise<void> {
  await db.selectFrom('users').select('id').limit(1).execute();
}
