// An admin's changes to other users. Each one that takes rights away ends the user's current access at
// once: the session version is bumped in the same transaction, and once committed the change is
// announced to every gateway.
import { notFound, type Role } from '@cryptograph/core';
import { revokeAllKeysOfUser, revokeKeysBeyondRole } from '../api-keys/owner-key-revocation.js';
import { revokeUserRefreshTokens } from '../auth/refresh-token.repository.js';
import type { UsersSchema, UsersTransaction } from '../db/users-database.js';
import type { SessionAnnouncer } from '../sessions/session-announcer.js';
import { bumpSessionVersion } from '../sessions/session.repository.js';
import { deleteUserRow, findUserById, updateUser } from '../users/user.repository.js';
import type { UserRow } from '../users/user.table.js';
import { assertNotLastAdmin } from './last-admin-guard.js';
import { assertNotSystemUser } from './system-user-guard.js';

/**
 * Runs `change` on the locked user `id` in one transaction, then announces the session change; NOT_FOUND when there is
 * no such user, FORBIDDEN for the system user.
 */
async function changeUser<T>(
  db: UsersSchema,
  sessions: SessionAnnouncer,
  id: string,
  change: (trx: UsersTransaction, user: UserRow) => Promise<{ result: T; sessionChanged: boolean }>,
): Promise<T> {
  const { result, sessionChanged, userId } = await db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, id, { lock: true });
    if (!user) throw notFound('User', id);
    assertNotSystemUser(user);
    return { ...(await change(trx, user)), userId: user.id };
  });
  if (sessionChanged) await sessions.changed(userId);
  return result;
}

/**
 * Changes a user's role; the last active admin cannot be demoted (CONFLICT). Keys with a scope beyond the new role are
 * revoked; refresh tokens stay (they pick up the new role).
 */
export function setUserRole(db: UsersSchema, sessions: SessionAnnouncer, id: string, role: Role): Promise<UserRow> {
  return changeUser(db, sessions, id, async (trx, user) => {
    if (user.role === role) return { result: user, sessionChanged: false };
    if (role !== 'ADMIN') await assertNotLastAdmin(trx, user);
    await updateUser(trx, user.id, { role });
    await revokeKeysBeyondRole(trx, user.id, role);
    await bumpSessionVersion(trx, user.id);
    return { result: (await findUserById(trx, user.id))!, sessionChanged: true };
  });
}

/** Deactivates a user and revokes all its refresh tokens and API keys; the last active admin cannot be deactivated (CONFLICT). */
export function deactivateUser(db: UsersSchema, sessions: SessionAnnouncer, id: string): Promise<UserRow> {
  return changeUser(db, sessions, id, async (trx, user) => {
    await assertNotLastAdmin(trx, user);
    if (user.active) await updateUser(trx, user.id, { active: false });
    await revokeUserRefreshTokens(trx, user.id);
    await revokeAllKeysOfUser(trx, user.id);
    await bumpSessionVersion(trx, user.id);
    return { result: (await findUserById(trx, user.id))!, sessionChanged: true };
  });
}

/** Deletes a user with its refresh tokens and API keys; the last active admin cannot be deleted (CONFLICT). */
export function deleteUser(db: UsersSchema, sessions: SessionAnnouncer, id: string): Promise<boolean> {
  return changeUser(db, sessions, id, async (trx, user) => {
    await assertNotLastAdmin(trx, user);
    return { result: await deleteUserRow(trx, user.id), sessionChanged: true };
  });
}
