import { unauthenticated, badUserInput, type Role } from '@cryptograph/core';
import { assertPasswordAllowed } from '../auth/password-policy.js';
import { hashPassword, verifyPassword } from '../auth/password-hasher.js';
import { revokeUserRefreshTokens } from '../auth/refresh-token.repository.js';
import type { UsersDb, UsersSchema } from '../db/users-database.js';
import { bumpSessionVersion } from '../sessions/session.repository.js';
import { assertUsernameNotReserved } from './reserved-usernames.js';
import { userConflictOf } from './user-conflict.js';
import { normaliseEmail, validateUsername } from './user-input.js';
import { findUserById, insertUser, updateUser } from './user.repository.js';
import type { UserRow, UserRowUpdate } from './user.table.js';

/** Details of a new account. */
export interface NewAccount {
  readonly email: string;
  readonly username: string;
  readonly password: string;
  readonly role: Role;
}

/** Validated, hashed values of a new account, ready to insert. */
export interface PreparedAccount {
  readonly email: string;
  readonly username: string;
  readonly password_hash: string;
  readonly role: Role;
}

/**
 * Validates email, username and password (BAD_USER_INPUT naming the field and rule) and hashes the
 * password. `allowReservedUsername` is for accounts an admin or the operator creates; self sign-ups
 * cannot take admin-like names.
 */
export async function prepareAccount(input: NewAccount, options: { allowReservedUsername: boolean }): Promise<PreparedAccount> {
  const email = normaliseEmail(input.email);
  const username = validateUsername(input.username);
  if (!options.allowReservedUsername) assertUsernameNotReserved(username);
  assertPasswordAllowed(input.password, { username, email });
  return { email, username, password_hash: await hashPassword(input.password), role: input.role };
}

/** Inserts a prepared account; a duplicate email or username is CONFLICT naming the field. */
export async function insertAccount(db: UsersDb, account: PreparedAccount): Promise<UserRow> {
  try {
    return await insertUser(db, { ...account });
  } catch (error) {
    throw userConflictOf(error);
  }
}

/** Validates, hashes and creates an account (an admin's `createUser`: any role, any username). */
export async function createAccount(db: UsersDb, input: NewAccount): Promise<UserRow> {
  return insertAccount(db, await prepareAccount(input, { allowReservedUsername: true }));
}

/** Changes the caller may make to their own account. */
export interface OwnChanges {
  readonly email?: string | null | undefined;
  readonly username?: string | null | undefined;
  readonly currentPassword?: string | null | undefined;
  readonly newPassword?: string | null | undefined;
}

/** Hooks of `updateOwnAccount`: before a new email or username is tried, and around the current-password check. */
export interface OwnAccountHooks {
  /** Runs before a different email or username is stored (counts the attempt: a taken one answers CONFLICT; may throw RATE_LIMITED). */
  beforeNameChange(): Promise<void>;
  /** Runs before the current password is checked (counts the attempt; may throw RATE_LIMITED). */
  beforeCheck(): Promise<void>;
  /** Runs after the current password was correct. */
  afterSuccess(): Promise<void>;
}

/** The result of `updateOwnAccount`: the user, and whether its session version was bumped (a new password). */
export interface OwnAccountUpdate {
  readonly user: UserRow;
  readonly sessionChanged: boolean;
}

/**
 * Applies the caller's own changes: email and username are validated, counted (`beforeNameChange`:
 * a taken one answers CONFLICT, which would otherwise tell without limit which emails are
 * registered) and conflict-checked (a username may not become a reserved one); a new password needs the correct current password, and
 * ends all of the user's sessions: refresh tokens are revoked and the session version bumped, so
 * every access token issued before stops working.
 */
export async function updateOwnAccount(db: UsersSchema, userId: string, changes: OwnChanges, hooks: OwnAccountHooks): Promise<OwnAccountUpdate> {
  const user = await findUserById(db, userId);
  if (!user || !user.active) throw unauthenticated();
  const email = changes.email == null ? user.email : normaliseEmail(changes.email);
  const username = changes.username == null ? user.username : validateUsername(changes.username);
  const update: UserRowUpdate = {};
  if (email !== user.email) update.email = email;
  if (username !== user.username) {
    if (username.toLowerCase() !== user.username.toLowerCase()) assertUsernameNotReserved(username);
    update.username = username;
  }
  if (changes.newPassword != null) {
    if (!changes.currentPassword) throw badUserInput('The current password is required to set a new one.', 'currentPassword');
    assertPasswordAllowed(changes.newPassword, { username, email }, 'newPassword');
    await hooks.beforeCheck();
    if (!(await verifyPassword(user.password_hash, changes.currentPassword))) throw badUserInput('The current password is incorrect.', 'currentPassword');
    await hooks.afterSuccess();
    update.password_hash = await hashPassword(changes.newPassword);
  }
  if (update.email !== undefined || update.username !== undefined) await hooks.beforeNameChange();
  if (Object.keys(update).length === 0) return { user, sessionChanged: false };
  try {
    return await db.transaction().execute(async (trx) => {
      const updated = await updateUser(trx, userId, update);
      if (!updated) throw unauthenticated();
      if (!update.password_hash) return { user: updated, sessionChanged: false };
      await revokeUserRefreshTokens(trx, userId);
      const version = await bumpSessionVersion(trx, userId);
      return { user: { ...updated, session_version: version ?? updated.session_version }, sessionChanged: true };
    });
  } catch (error) {
    throw userConflictOf(error);
  }
}
