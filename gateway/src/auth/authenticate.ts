import { AppError, cacheVerifications, ErrorCode, InvalidAccessTokenError, anonymousIdentity, verifyAccessToken, type Identity } from '@cryptograph/core';
import type { KeyObject } from 'node:crypto';

/** A verified caller and when its credential stops being valid (null: never, e.g. anonymous). */
export interface Authentication {
  readonly identity: Identity;
  readonly expiresAt: number | null;
}

/** Error for a credential that is present but not acceptable; answered with HTTP 401. */
function invalidCredential(message: string): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });
}

/**
 * Creates the gateway's authenticator. It verifies the credential of a request or WebSocket
 * connection (each distinct token once until it expires) and returns the caller's identity. No
 * credential means anonymous; a malformed, forged or expired one is UNAUTHENTICATED (never
 * silently anonymous).
 */
export function createAuthenticator(jwtKey: KeyObject) {
  const verify = cacheVerifications((token) => verifyAccessToken(token, jwtKey), (verified) => verified.expiresAt);
  return async (authorization: string | undefined, clientAddress: string): Promise<Authentication> => {
    if (authorization === undefined || authorization === '') return { identity: anonymousIdentity(clientAddress), expiresAt: null };
    const match = /^Bearer ([A-Za-z0-9_.~+/=-]+)$/.exec(authorization.trim());
    if (!match?.[1]) throw invalidCredential('The Authorization header must be "Bearer <access token>".');
    try {
      const token = await verify(match[1]);
      if (token.expiresAt <= Date.now()) throw new InvalidAccessTokenError('expired');
      return { identity: { userId: token.userId, role: token.role, scopes: null, clientAddress }, expiresAt: token.expiresAt };
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) {
        throw invalidCredential(error.reason === 'expired' ? 'The access token has expired; refresh it.' : 'The access token is invalid.');
      }
      throw error;
    }
  };
}
