import { isSystemUser } from '@cryptograph/core';
import type { UsersDb, UsersSchema } from '../db/users-database.js';
import { bumpSessionVersion } from '../sessions/session.repository.js';
import { findUserById } from '../users/user.repository.js';
import type { UserRow } from '../users/user.table.js';
import { parseRefreshToken, refreshSecretMatches } from './refresh-token-codec.js';
import { findRefreshToken, markRefreshTokenUsed, revokeRefreshTokenFamily } from './refresh-token.repository.js';
import type { RefreshTokenRow } from './refresh-token.table.js';
import { storeRefreshToken, type TokenSettings } from './token-issuer.js';

const invalidMessage = 'The refresh token is invalid or has expired; sign in again.';

/** Finds the stored token a presented refresh token stands for; undefined when it is malformed, unknown or its secret does not match. */
export async function findPresentedToken(db: UsersDb, presented: string, lock = false): Promise<RefreshTokenRow | undefined> {
  const parsed = parseRefreshToken(presented);
  if (!parsed) return undefined;
  const row = await findRefreshToken(db, parsed.id, { lock });
  return row && refreshSecretMatches(parsed.secret, row.token_hash) ? row : undefined;
}

/** A refused refresh token (answered UNAUTHENTICATED with this message); names the user whose session version was bumped (reuse of a rotated token), if any. */
export class RefreshRefused extends Error {
  override name = 'RefreshRefused';
  constructor(readonly sessionChangedFor: string | null) {
    super(invalidMessage);
  }
}

type Outcome = { ok: true; user: UserRow; token: string } | { ok: false; sessionChangedFor: string | null };

/**
 * Rotates a refresh token in one transaction: the presented token is marked used and a new one of
 * the same family issued, expiring no later than the session's absolute lifetime. Presenting a
 * token that was already rotated (reuse, a sign of theft) revokes the whole family and bumps the
 * user's session version, so access tokens a thief may hold stop working too; an expired session, a
 * deactivated user or the system user revokes the family. Every refusal is a RefreshRefused.
 */
export async function rotateRefreshToken(db: UsersSchema, settings: TokenSettings, presented: string): Promise<{ user: UserRow; token: string }> {
  const outcome = await db.transaction().execute(async (trx): Promise<Outcome> => {
    const row = await findPresentedToken(trx, presented, true);
    if (!row || row.revoked_at) return { ok: false, sessionChangedFor: null };
    if (row.used_at) {
      await revokeRefreshTokenFamily(trx, row.family_id);
      await bumpSessionVersion(trx, row.user_id);
      return { ok: false, sessionChangedFor: row.user_id };
    }
    const sessionEnd = row.session_started_at.getTime() + settings.sessionMaxLifetimeSeconds * 1000;
    if (row.expires_at.getTime() <= Date.now() || sessionEnd <= Date.now()) {
      await revokeRefreshTokenFamily(trx, row.family_id);
      return { ok: false, sessionChangedFor: null };
    }
    const user = await findUserById(trx, row.user_id);
    if (!user?.active || isSystemUser(user.id)) {
      await revokeRefreshTokenFamily(trx, row.family_id);
      return { ok: false, sessionChangedFor: null };
    }
    const next = await storeRefreshToken(trx, settings, user.id, { familyId: row.family_id, startedAt: row.session_started_at });
    await markRefreshTokenUsed(trx, row.id, next.id);
    return { ok: true, user, token: next.token };
  });
  if (!outcome.ok) throw new RefreshRefused(outcome.sessionChangedFor);
  return outcome;
}
