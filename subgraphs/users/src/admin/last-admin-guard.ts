import { conflict } from '@cryptograph/core';
import type { UsersTransaction } from '../db/users-database.js';
import { lockActiveAdminIds } from '../users/user.repository.js';
import type { UserRow } from '../users/user.table.js';

/**
 * CONFLICT when taking away `user`'s admin rights (demotion, deactivation, deletion) would leave no
 * active admin. Locks the active admins' rows, so concurrent changes cannot both pass.
 */
export async function assertNotLastAdmin(trx: UsersTransaction, user: UserRow): Promise<void> {
  if (user.role !== 'ADMIN' || !user.active) return;
  const adminIds = await lockActiveAdminIds(trx);
  if (adminIds.every((id) => id === user.id)) {
    throw conflict('This is the last active admin; make another user an admin first.', 'id');
  }
}
