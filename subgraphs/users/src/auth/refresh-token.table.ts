import type { Generated, Selectable } from 'kysely';

/**
 * The `users.refresh_tokens` table: one row per issued refresh token. Tokens of one sign-in form a
 * family (rotation chain); only a SHA-256 hash of each token's secret is stored.
 */
export interface RefreshTokenTable {
  id: string;
  family_id: string;
  user_id: string;
  token_hash: string;
  expires_at: Date;
  created_at: Generated<Date>;
  /** When the family's first token was issued; no token of the family outlives REFRESH_TOKEN_MAX_LIFETIME_SECONDS after it. */
  session_started_at: Date;
  used_at: Date | null;
  replaced_by: string | null;
  revoked_at: Date | null;
}

/** One row of `users.refresh_tokens`. */
export type RefreshTokenRow = Selectable<RefreshTokenTable>;
