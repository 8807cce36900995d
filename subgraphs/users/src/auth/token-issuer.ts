import { signAccessToken, type AccessTokenSigningKey } from '@cryptograph/core';
import type { UsersDb } from '../db/users-database.js';
import type { UserRow } from '../users/user.table.js';
import { generateRefreshToken } from './refresh-token-codec.js';
import { insertRefreshToken } from './refresh-token.repository.js';

/** Keys and lifetimes of issued tokens. */
export interface TokenSettings {
  /** The private key access tokens are signed with (AUTH_PRIVATE_KEY). */
  readonly signingKey: AccessTokenSigningKey;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** No refresh token of a session outlives this many seconds after the session started. */
  readonly sessionMaxLifetimeSeconds: number;
}

/** What signup, login and refresh return. */
export interface AuthPayload {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly user: UserRow;
}

/** One session (refresh token family): its id and when it started. */
export interface RefreshSession {
  readonly familyId: string;
  readonly startedAt: Date;
}

/**
 * Stores a new refresh token of `session` for `userId` and returns its client-side value. It expires
 * after the refresh token lifetime, but never later than the session's absolute lifetime.
 */
export async function storeRefreshToken(db: UsersDb, settings: TokenSettings, userId: string, session: RefreshSession): Promise<{ id: string; token: string }> {
  const generated = generateRefreshToken();
  const sessionEnd = session.startedAt.getTime() + settings.sessionMaxLifetimeSeconds * 1000;
  const expiresAt = new Date(Math.min(Date.now() + settings.refreshTokenTtlSeconds * 1000, sessionEnd));
  await insertRefreshToken(db, {
    id: generated.id,
    familyId: session.familyId,
    userId,
    tokenHash: generated.hash,
    expiresAt,
    sessionStartedAt: session.startedAt,
  });
  return { id: generated.id, token: generated.token };
}

/** Signs an access token carrying the user's current role and session version, and combines it with a refresh token. */
export async function authPayload(settings: TokenSettings, user: UserRow, refreshToken: string): Promise<AuthPayload> {
  const accessToken = await signAccessToken(
    { userId: user.id, role: user.role, sessionVersion: user.session_version },
    settings.signingKey,
    settings.accessTokenTtlSeconds,
  );
  return { accessToken, refreshToken, expiresIn: settings.accessTokenTtlSeconds, user };
}
