import type { SchemaDb, SchemaOutsideTransaction } from '@cryptograph/core';
import type { Transaction } from 'kysely';
import type { ApiKeyTable } from '../api-keys/api-key.table.js';
import type { RefreshTokenTable } from '../auth/refresh-token.table.js';
import type { SetupCodeTable } from '../setup/setup-code.table.js';
import type { SigningKeyTable } from '../signing-keys/signing-key.table.js';
import type { UserTable } from '../users/user.table.js';

/** Tables of the `users` schema. */
export interface UsersDatabase {
  users: UserTable;
  refresh_tokens: RefreshTokenTable;
  api_keys: ApiKeyTable;
  signing_keys: SigningKeyTable;
  setup_codes: SetupCodeTable;
}

/** The Postgres schema the users subgraph owns. */
export const usersSchema = 'users';

/** The users schema, or a transaction in it: what repositories and services take first. */
export type UsersDb = SchemaDb<UsersDatabase>;

/** The users schema itself, never a transaction in it: what code that opens a transaction takes. */
export type UsersSchema = SchemaOutsideTransaction<UsersDatabase>;

/** A transaction in the users schema, for writes that must commit (and lock) together. */
export type UsersTransaction = Transaction<UsersDatabase>;
