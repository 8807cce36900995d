import { AppError, ErrorCode, InvalidAccessTokenError, anonymousIdentity, verifyAccessToken, type Identity } from '@cryptograph/core';

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
 * Verifies the credential of one request or WebSocket connection exactly once and returns the
 * caller's identity. No credential means anonymous; a malformed, forged or expired one is
 * UNAUTHENTICATED (never silently anonymous).
 */
export async function authenticate(authorization: string | undefined, clientAddress: string, jwtKey: Uint8Array): Promise<Authentication> {
  if (authorization === undefined || authorization === '') return { identity: anonymousIdentity(clientAddress), expiresAt: null };
  const match = /^Bearer ([A-Za-z0-9_.~+/=-]+)$/.exec(authorization.trim());
  if (!match?.[1]) throw invalidCredential('The Authorization header must be "Bearer <access token>".');
  try {
    const token = await verifyAccessToken(match[1], jwtKey);
    return { identity: { userId: token.userId, role: token.role, scopes: null, clientAddress }, expiresAt: token.expiresAt };
  } catch (error) {
    if (error instanceof InvalidAccessTokenError) {
      throw invalidCredential(error.reason === 'expired' ? 'The access token has expired; refresh it.' : 'The access token is invalid.');
    }
    throw error;
  }
}
