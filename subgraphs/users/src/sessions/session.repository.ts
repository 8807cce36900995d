import { sql } from 'kysely';
import { isSystemUser, type SessionState } from '@cryptograph/core';
import { isUuid } from '../users/user.repository.js';
import type { UsersDb } from '../db/users-database.js';

/** Bumps a user's session version, so every access token issued before is refused; undefined when there is no such user. */
export async function bumpSessionVersion(db: UsersDb, userId: string): Promise<number | undefined> {
  if (!isUuid(userId)) return undefined;
  const row = await db
    .updateTable('users')
    .set({ session_version: sql`session_version + 1` })
    .where('id', '=', userId)
    .returning('session_version')
    .executeTakeFirst();
  return row?.session_version;
}

/**
 * A user's current session state; undefined when the user does not exist, is deactivated, or is the
 * built-in system user (which never signs in, so no credential of it is ever valid).
 */
export async function findSessionState(db: UsersDb, userId: string): Promise<SessionState | undefined> {
  if (!isUuid(userId) || isSystemUser(userId)) return undefined;
  const row = await db.selectFrom('users').select(['id', 'role', 'session_version']).where('id', '=', userId).where('active', '=', true).executeTakeFirst();
  return row && { userId: row.id, role: row.role, version: row.session_version };
}
