import type { UsersDb, UsersTransaction } from '../db/users-database.js';
import type { SetupCodeRow } from './setup-code.table.js';

/** Replaces every stored setup code by `codeHash` (only the code printed last works). */
export async function replaceSetupCodes(trx: UsersTransaction, codeHash: string): Promise<void> {
  await trx.deleteFrom('setup_codes').execute();
  await trx.insertInto('setup_codes').values({ code_hash: codeHash }).execute();
}

/** The stored setup codes, locked until the transaction ends (so two sign-ups cannot both use one). */
export async function lockSetupCodes(trx: UsersTransaction): Promise<SetupCodeRow[]> {
  return trx.selectFrom('setup_codes').selectAll().forUpdate().execute();
}

/** Deletes every setup code: an admin exists now. */
export async function deleteSetupCodes(db: UsersDb): Promise<void> {
  await db.deleteFrom('setup_codes').execute();
}
