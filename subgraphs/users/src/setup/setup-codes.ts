// The one-time setup code of an installation without an admin: printed at start, stored hashed, and
// valid until a sign-up uses it (or the next start prints a new one); that sign-up becomes the admin,
// and from then on no code works.
import { badUserInput, schemaOutsideTransaction, type DatabaseConnection, type Logger } from '@cryptograph/core';
import { usersSchema, type UsersDatabase, type UsersSchema, type UsersTransaction } from '../db/users-database.js';
import { countActiveAdmins, lockActiveAdminIds } from '../users/user.repository.js';
import { generateSetupCode, hashSetupCode, setupCodeMatches } from './setup-code-secret.js';
import { deleteSetupCodes, lockSetupCodes, replaceSetupCodes } from './setup-code.repository.js';

/** The one refusal for a setup code that is wrong, used up, or no longer needed: it tells nothing more. */
const invalidCodeMessage = 'The setup code is not valid.';

/** When no active admin exists: stores a new code (earlier ones stop working) and returns it; null when there is an admin. */
export async function issueSetupCodeIfNoAdmin(db: UsersSchema): Promise<string | null> {
  if ((await countActiveAdmins(db)) > 0) {
    await deleteSetupCodes(db);
    return null;
  }
  const code = generateSetupCode();
  await db.transaction().execute((trx) => replaceSetupCodes(trx, hashSetupCode(code)));
  return code;
}

/** Within the sign-up's transaction: uses up `code`, or throws BAD_USER_INPUT (`setupCode`) when it is not the current code or an admin already exists. */
export async function redeemSetupCode(trx: UsersTransaction, code: string): Promise<void> {
  const stored = await lockSetupCodes(trx);
  const matches = stored.some((row) => setupCodeMatches(code, row.code_hash));
  const admins = await lockActiveAdminIds(trx);
  if (!matches || admins.length > 0) throw badUserInput(invalidCodeMessage, 'setupCode');
  await deleteSetupCodes(trx);
}

/** Issues the setup code when the installation has no admin and prints it once, in the service's log. */
export async function announceSetupCode(db: UsersSchema, logger: Logger): Promise<void> {
  const code = await issueSetupCodeIfNoAdmin(db);
  if (!code) return;
  logger.warn(
    { setupCode: code },
    `No admin account exists yet. Sign up on the dashboard (or with the signup mutation) and enter this one-time setup code to become the admin: ${code} (valid until used; a restart prints a new one)`,
  );
}

/**
 * Issues a new setup code on an installation's database when it has no admin (earlier codes stop
 * working); null when an admin exists. For tools and tests that start the system apart from its log.
 */
export async function issueSetupCode(connection: DatabaseConnection): Promise<string | null> {
  return issueSetupCodeIfNoAdmin(schemaOutsideTransaction<UsersDatabase>(connection.root, usersSchema));
}
