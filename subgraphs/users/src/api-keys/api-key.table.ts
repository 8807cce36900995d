import type { Generated, Insertable, Selectable } from 'kysely';

/** The `users.api_keys` table: one row per API key; only the SHA-256 of the secret is kept. */
export interface ApiKeyTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  /** Public part of the key (`cgk_xxxxxxxx`), unique; shown in listings and used to find the row. */
  prefix: string;
  /** Hex SHA-256 of the whole key. */
  secret_hash: string;
  scopes: string[];
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** One row of `users.api_keys`. */
export type ApiKeyRow = Selectable<ApiKeyTable>;

/** Values for a new API key row. */
export type NewApiKeyRow = Insertable<ApiKeyTable>;
