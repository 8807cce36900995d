import type { KeyObject } from 'node:crypto';
import { signAccessToken } from '@cryptograph/core';
import type { UsersDb } from '../users/user.repository.js';
import type { UserRow } from '../users/user.table.js';
import { generateRefreshToken } from './refresh-token-codec.js';
import { insertRefreshToken } from './refresh-token.repository.js';

/** Keys and lifetimes of issued tokens. */
export interface TokenSettings {
  /** HMAC key of access tokens (core `accessTokenKey(JWT_SECRET)`). */
  readonly accessTokenKey: KeyObject;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
}

/** What signup, login and refresh return. */
export interface AuthPayload {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly user: UserRow;
}

/** Stores a new refresh token of `familyId` for `user` and returns its client-side value. */
export async function storeRefreshToken(db: UsersDb, settings: TokenSettings, userId: string, familyId: string): Promise<{ id: string; token: string }> {
  const generated = generateRefreshToken();
  const expiresAt = new Date(Date.now() + settings.refreshTokenTtlSeconds * 1000);
  await insertRefreshToken(db, { id: generated.id, familyId, userId, tokenHash: generated.hash, expiresAt });
  return { id: generated.id, token: generated.token };
}

/** Signs an access token carrying the user's current role and combines it with a refresh token. */
export async function authPayload(settings: TokenSettings, user: UserRow, refreshToken: string): Promise<AuthPayload> {
  const accessToken = await signAccessToken({ userId: user.id, role: user.role }, settings.accessTokenKey, settings.accessTokenTtlSeconds);
  return { accessToken, refreshToken, expiresIn: settings.accessTokenTtlSeconds, user };
}
