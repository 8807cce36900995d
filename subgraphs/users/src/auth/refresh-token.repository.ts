import { sql } from 'kysely';
import type { UsersDb } from '../db/users-database.js';
import { isUuid } from '../users/user.repository.js';
import type { RefreshTokenRow } from './refresh-token.table.js';

/** Values of a newly issued refresh token. */
export interface NewRefreshToken {
  readonly id: string;
  readonly familyId: string;
  readonly userId: string;
  readonly tokenHash: string;
  readonly expiresAt: Date;
  readonly sessionStartedAt: Date;
}

/** Stores a newly issued refresh token. */
export async function insertRefreshToken(db: UsersDb, token: NewRefreshToken): Promise<void> {
  await db
    .insertInto('refresh_tokens')
    .values({
      id: token.id,
      family_id: token.familyId,
      user_id: token.userId,
      token_hash: token.tokenHash,
      expires_at: token.expiresAt,
      session_started_at: token.sessionStartedAt,
      used_at: null,
      replaced_by: null,
      revoked_at: null,
    })
    .execute();
}

/** One refresh token by id; `lock` locks the row until the transaction ends (so concurrent rotations serialize). */
export async function findRefreshToken(db: UsersDb, id: string, options: { lock?: boolean } = {}): Promise<RefreshTokenRow | undefined> {
  if (!isUuid(id)) return undefined;
  let query = db.selectFrom('refresh_tokens').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Marks a token as rotated into `replacedBy`. */
export async function markRefreshTokenUsed(db: UsersDb, id: string, replacedBy: string): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ used_at: sql`now()`, replaced_by: replacedBy })
    .where('id', '=', id)
    .execute();
}

/** Revokes every not yet revoked token of a family; returns how many were revoked. */
export async function revokeRefreshTokenFamily(db: UsersDb, familyId: string): Promise<number> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: sql`now()` })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Revokes every not yet revoked token of a user (all its sessions). */
export async function revokeUserRefreshTokens(db: UsersDb, userId: string): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Deletes a user's refresh tokens that expired before `before` (housekeeping on sign-in). */
export async function deleteExpiredRefreshTokens(db: UsersDb, userId: string, before: Date): Promise<void> {
  await db.deleteFrom('refresh_tokens').where('user_id', '=', userId).where('expires_at', '<', before).execute();
}
