import { systemUserEmail, systemUserId, systemUsername } from '@cryptograph/core';
import { sql, type Kysely } from 'kysely';

/**
 * Creates the built-in `system` user (fixed id, role ANALYST, owner of the default models). Its
 * password hash is `!`, which no password verifies against; login, refresh and admin changes refuse
 * it by id as well. A user who already took the name `system` is renamed `system-<first 8 id chars>`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('users')
    .set({ username: sql`'system-' || left(id::text, 8)`, updated_at: sql`now()` })
    .where(sql`lower(username)`, '=', systemUsername)
    .where('id', '!=', systemUserId)
    .execute();
  await db
    .insertInto('users')
    .values({ id: systemUserId, email: systemUserEmail, username: systemUsername, password_hash: '!', role: 'ANALYST', active: true })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
