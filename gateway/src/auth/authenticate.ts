import { AppError, ErrorCode, InvalidAccessTokenError, anonymousIdentity, verifyAccessToken, type Identity } from '@cryptograph/core';

/** Error for a credential that is present but not acceptable; answered with HTTP 401. */
function invalidCredential(message: string): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });
}

/**
 * Verifies the credential of one request or WebSocket connection exactly once and returns the
 * caller's identity. No credential means anonymous; a malformed, forged or expired one is
 * UNAUTHENTICATED (never silently anonymous).
 */
export async function authenticate(authorization: string | undefined, clientAddress: string, jwtKey: Uint8Array): Promise<Identity> {
  if (authorization === undefined || authorization === '') return anonymousIdentity(clientAddress);
  const match = /^Bearer ([A-Za-z0-9_.~+/=-]+)$/.exec(authorization.trim());
  if (!match?.[1]) throw invalidCredential('The Authorization header must be "Bearer <access token>".');
  try {
    const claims = await verifyAccessToken(match[1], jwtKey);
    return { userId: claims.userId, role: claims.role, scopes: null, clientAddress };
  } catch (error) {
    if (error instanceof InvalidAccessTokenError) {
      throw invalidCredential(error.reason === 'expired' ? 'The access token has expired; refresh it.' : 'The access token is invalid.');
    }
    throw error;
  }
}
