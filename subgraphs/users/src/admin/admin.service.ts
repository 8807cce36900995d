import { notFound, type Role } from '@cryptograph/core';
import type { Kysely, Transaction } from 'kysely';
import { revokeUserRefreshTokens } from '../auth/refresh-token.repository.js';
import type { UsersDatabase } from '../db/users-database.js';
import { deleteUserRow, findUserById, updateUser } from '../users/user.repository.js';
import type { UserRow } from '../users/user.table.js';
import { assertNotLastAdmin } from './last-admin-guard.js';
import { assertNotSystemUser } from './system-user-guard.js';

/** Runs `change` on the locked user `id` in one transaction; NOT_FOUND when there is no such user, FORBIDDEN for the system user. */
async function withLockedUser<T>(db: Kysely<UsersDatabase>, id: string, change: (trx: Transaction<UsersDatabase>, user: UserRow) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, id, { lock: true });
    if (!user) throw notFound('User', id);
    assertNotSystemUser(user);
    return change(trx, user);
  });
}

/** Changes a user's role; the last active admin cannot be demoted (CONFLICT). */
export async function setUserRole(db: Kysely<UsersDatabase>, id: string, role: Role): Promise<UserRow> {
  return withLockedUser(db, id, async (trx, user) => {
    if (user.role === role) return user;
    if (role !== 'ADMIN') await assertNotLastAdmin(trx, user);
    return (await updateUser(trx, user.id, { role })) ?? user;
  });
}

/** Deactivates a user and revokes all its refresh tokens; the last active admin cannot be deactivated (CONFLICT). */
export async function deactivateUser(db: Kysely<UsersDatabase>, id: string): Promise<UserRow> {
  return withLockedUser(db, id, async (trx, user) => {
    await assertNotLastAdmin(trx, user);
    const updated = user.active ? ((await updateUser(trx, user.id, { active: false })) ?? user) : user;
    await revokeUserRefreshTokens(trx, user.id);
    return updated;
  });
}

/** Deletes a user and its refresh tokens; the last active admin cannot be deleted (CONFLICT). */
export async function deleteUser(db: Kysely<UsersDatabase>, id: string): Promise<boolean> {
  return withLockedUser(db, id, async (trx, user) => {
    await assertNotLastAdmin(trx, user);
    return deleteUserRow(trx, user.id);
  });
}
