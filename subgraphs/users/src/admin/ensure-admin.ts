import {
  isAppError,
  isSystemUser,
  OperatorError,
  migratedSchema,
  systemUserEmail,
  systemUsername,
  uniqueViolation,
  type DatabaseConnection,
} from '@cryptograph/core';
import { usersMigrations } from '../db/migrations/index.js';
import { usersSchema, type UsersDatabase, type UsersDb } from '../db/users-database.js';
import { normaliseEmail, validateUsername } from '../users/user-input.js';
import { findUserByEmail, findUserByUsername, insertUser } from '../users/user.repository.js';
import { prepareAccount } from '../users/user.service.js';
import type { UserRow } from '../users/user.table.js';

/** Who the bootstrap admin is. */
export interface AdminAccount {
  readonly email: string;
  readonly username: string;
  readonly password: string;
}

/** What the operator calls each value, for messages (`ADMIN_EMAIL` on start, `--email` in the CLI). */
export interface AdminAccountNames {
  readonly email: string;
  readonly username: string;
  readonly password: string;
}

/** The names of the start-up environment variables. */
export const adminEnvNames: AdminAccountNames = { email: 'ADMIN_EMAIL', username: 'ADMIN_USERNAME', password: 'ADMIN_PASSWORD' };

/** Runs `check`, turning its BAD_USER_INPUT into an OperatorError naming `variable` and the rule. */
async function asOperatorInput<T>(variable: string, check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!isAppError(error)) throw error;
    const rule = (error.extensions as { rule?: unknown }).rule;
    throw new OperatorError(variable, `${error.message}${typeof rule === 'string' ? ` (rule: ${rule})` : ''}`);
  }
}

/**
 * The existing admin this bootstrap stands for, or undefined when neither the email nor the
 * username is taken. An account that holds either but is not an admin is never promoted: that is
 * an OperatorError (someone may have signed up with an address the admin gave up).
 */
async function existingAdmin(db: UsersDb, account: { email: string; username: string }, names: AdminAccountNames): Promise<UserRow | undefined> {
  if (account.email === systemUserEmail) throw new OperatorError(names.email, `is the built-in "${systemUsername}" user's address, which cannot be an admin`);
  const byEmail = await findUserByEmail(db, account.email);
  const byUsername = await findUserByUsername(db, account.username);
  if (isSystemUser(byUsername?.id)) throw new OperatorError(names.username, `names the built-in "${systemUsername}" user, which cannot sign in or be an admin`);
  const refuse = (variable: string) =>
    new OperatorError(
      variable,
      'belongs to an existing account that is not an admin; the bootstrap only creates a new admin and never promotes an account (pick an unused value, or remove ADMIN_EMAIL/ADMIN_PASSWORD once the admin exists)',
    );
  if (byEmail && byEmail.role !== 'ADMIN') throw refuse(names.email);
  if (byUsername && byUsername.role !== 'ADMIN') throw refuse(names.username);
  return byEmail ?? byUsername;
}

/**
 * Makes sure the bootstrap admin exists, idempotently and without ever changing an existing account:
 * returns the admin holding this email (or else this username), or creates it. A non-admin holding
 * either value (the built-in system user included), an invalid value, or a password the policy
 * refuses is an OperatorError naming the variable (`names`) and the rule. Migrates the users schema first, so the CLI can call it on a
 * fresh database.
 */
export async function ensureAdmin(connection: DatabaseConnection, account: AdminAccount, names: AdminAccountNames = adminEnvNames): Promise<UserRow> {
  const db = await migratedSchema<UsersDatabase>(connection.root, usersSchema, usersMigrations);
  const identity = {
    email: await asOperatorInput(names.email, () => normaliseEmail(account.email)),
    username: await asOperatorInput(names.username, () => validateUsername(account.username)),
  };
  const existing = await existingAdmin(db, identity, names);
  if (existing) return existing;
  const prepared = await asOperatorInput(names.password, () =>
    prepareAccount({ ...identity, password: account.password, role: 'ADMIN' }, { allowReservedUsername: true }),
  );
  try {
    return await insertUser(db, { ...prepared });
  } catch (error) {
    if (!uniqueViolation(error)) throw error;
    // Another process created it at the same moment: that one is the admin (or the refusal stands).
    const raced = await existingAdmin(db, identity, names);
    if (raced) return raced;
    throw error;
  }
}
