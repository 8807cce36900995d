import type { Generated, Selectable } from 'kysely';

/** The `users.setup_codes` table: SHA-256 hashes of the one-time codes printed at the start of an installation without an admin. */
export interface SetupCodeTable {
  id: Generated<string>;
  /** Hex SHA-256 of the normalised code. */
  code_hash: string;
  created_at: Generated<Date>;
}

/** One row of `users.setup_codes`. */
export type SetupCodeRow = Selectable<SetupCodeTable>;
