import { OperatorError, isSystemUser, runMigrations, systemUserEmail, systemUsername, uniqueViolation, type DatabaseConnection } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import { usersMigrations } from '../db/migrations/index.js';
import { usersSchema, type UsersDatabase } from '../db/users-database.js';
import { normaliseEmail, validateUsername } from '../users/user-input.js';
import { userConflictOf } from '../users/user-conflict.js';
import { findUserByEmail, findUserByUsername, insertUser, updateUser } from '../users/user.repository.js';
import { prepareAccount } from '../users/user.service.js';
import type { UserRow } from '../users/user.table.js';

/** Who the bootstrap admin is. */
export interface AdminAccount {
  readonly email: string;
  readonly username: string;
  readonly password: string;
}

async function promoteExisting(db: Kysely<UsersDatabase>, account: { email: string; username: string }): Promise<UserRow | undefined> {
  const existing = (await findUserByEmail(db, account.email)) ?? (await findUserByUsername(db, account.username));
  if (isSystemUser(existing?.id)) throw new OperatorError('ADMIN_USERNAME', `names the built-in "${systemUsername}" user, which cannot sign in or be an admin`);
  if (!existing || (existing.role === 'ADMIN' && existing.active)) return existing;
  return updateUser(db, existing.id, { role: 'ADMIN', active: true });
}

/**
 * Makes sure an admin with this email (or else username) exists, idempotently: creates it, or
 * promotes and reactivates an existing user (its password is left as it is). Migrates the users
 * schema first, so the CLI can call it on a fresh database. Returns the admin. The built-in system
 * user is refused (OperatorError).
 */
export async function ensureAdmin(connection: DatabaseConnection, account: AdminAccount): Promise<UserRow> {
  await runMigrations(connection.root, usersSchema, usersMigrations);
  const db = connection.root.withSchema(usersSchema) as Kysely<UsersDatabase>;
  const identity = { email: normaliseEmail(account.email), username: validateUsername(account.username) };
  if (identity.email === systemUserEmail) throw new OperatorError('ADMIN_EMAIL', `is the built-in "${systemUsername}" user's address, which cannot be an admin`);
  const existing = await promoteExisting(db, identity);
  if (existing) return existing;
  const prepared = await prepareAccount({ ...identity, password: account.password, role: 'ADMIN' });
  try {
    return await insertUser(db, { ...prepared });
  } catch (error) {
    if (!uniqueViolation(error)) throw error;
    // Another process created it at the same moment: promote that one.
    const raced = await promoteExisting(db, identity);
    if (raced) return raced;
    throw userConflictOf(error);
  }
}
