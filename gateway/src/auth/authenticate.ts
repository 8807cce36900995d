import { AppError, cacheVerifications, ErrorCode, InvalidAccessTokenError, anonymousIdentity, parseApiKey, verifyAccessToken, type Identity, type VerifiedApiKey } from '@cryptograph/core';
import type { KeyObject } from 'node:crypto';

/** A verified caller and when its credential stops being valid (null: never, e.g. anonymous or an API key). */
export interface Authentication {
  readonly identity: Identity;
  readonly expiresAt: number | null;
  /** The public prefix of the API key the caller used, or null for tokens and anonymous callers. */
  readonly apiKeyPrefix: string | null;
}

/** Error for a credential that is present but not acceptable; answered with HTTP 401. */
function invalidCredential(message: string): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });
}

/** Checks an API key; null when it is unknown, revoked or its owner deactivated. */
export type VerifyApiKey = (key: string) => Promise<VerifiedApiKey | null>;

/**
 * Creates the gateway's authenticator. It verifies the credential of a request or WebSocket
 * connection and returns the caller's identity: `Bearer <access token>` (each distinct token
 * verified once until it expires) or an API key (`ApiKey <key>` or `apiKey`, acting with its
 * owner's current role within its scopes). No credential means anonymous; a malformed, forged,
 * expired or revoked one is UNAUTHENTICATED (never silently anonymous).
 */
export function createAuthenticator(jwtKey: KeyObject, verifyApiKey?: VerifyApiKey) {
  const verify = cacheVerifications((token) => verifyAccessToken(token, jwtKey), (verified) => verified.expiresAt);

  async function withApiKey(key: string, clientAddress: string): Promise<Authentication> {
    if (!verifyApiKey || !parseApiKey(key)) throw invalidCredential('The API key is invalid.');
    const verified = await verifyApiKey(key);
    if (!verified) throw invalidCredential('The API key is invalid or has been revoked.');
    return { identity: { userId: verified.userId, role: verified.role, scopes: verified.scopes, clientAddress }, expiresAt: null, apiKeyPrefix: verified.prefix };
  }

  return async (authorization: string | undefined, clientAddress: string, apiKey?: string): Promise<Authentication> => {
    if (apiKey !== undefined && apiKey !== '') {
      if (authorization) throw invalidCredential('Send either an Authorization header or an API key, not both.');
      return withApiKey(apiKey.trim(), clientAddress);
    }
    if (authorization === undefined || authorization === '') return { identity: anonymousIdentity(clientAddress), expiresAt: null, apiKeyPrefix: null };
    const apiKeyMatch = /^ApiKey (\S+)$/.exec(authorization.trim());
    if (apiKeyMatch?.[1]) return withApiKey(apiKeyMatch[1], clientAddress);
    const match = /^Bearer ([A-Za-z0-9_.~+/=-]+)$/.exec(authorization.trim());
    if (!match?.[1]) throw invalidCredential('The Authorization header must be "Bearer <access token>" or "ApiKey <key>".');
    try {
      const token = await verify(match[1]);
      if (token.expiresAt <= Date.now()) throw new InvalidAccessTokenError('expired');
      return { identity: { userId: token.userId, role: token.role, scopes: null, clientAddress }, expiresAt: token.expiresAt, apiKeyPrefix: null };
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) {
        throw invalidCredential(error.reason === 'expired' ? 'The access token has expired; refresh it.' : 'The access token is invalid.');
      }
      throw error;
    }
  };
}
