import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { roles, type Role } from './identity.js';

const algorithm = 'HS256';
const tokenType = 'at+jwt';
/** `iss` of every access token. */
export const accessTokenIssuer = 'cryptograph';
/** `aud` of every access token. */
export const accessTokenAudience = 'cryptograph-api';

/** What an access token says about its bearer. */
export interface AccessTokenClaims {
  readonly userId: string;
  readonly role: Role;
}

/** A verified access token: its claims and when it expires (ms since the epoch). */
export interface VerifiedAccessToken extends AccessTokenClaims {
  readonly expiresAt: number;
}

/** Signs a short-lived access token (HS256, `typ: at+jwt`, with iss, aud, exp, iat, jti). */
export async function signAccessToken(claims: AccessTokenClaims, key: KeyObject, ttlSeconds: number): Promise<string> {
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: algorithm, typ: tokenType })
    .setSubject(claims.userId)
    .setIssuer(accessTokenIssuer)
    .setAudience(accessTokenAudience)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}

/** Why an access token was refused; `expired` lets clients know to refresh. */
export class InvalidAccessTokenError extends Error {
  override name = 'InvalidAccessTokenError';
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'The access token has expired.' : 'The access token is invalid.');
  }
}

/**
 * Verifies an access token: the algorithm is pinned to HS256 (so `alg: none` and key confusion
 * fail), `typ` must be `at+jwt` (so no other token can stand in), and iss, aud, exp, sub and a
 * known role are required.
 */
export async function verifyAccessToken(token: string, key: KeyObject): Promise<VerifiedAccessToken> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [algorithm],
      typ: tokenType,
      issuer: accessTokenIssuer,
      audience: accessTokenAudience,
      requiredClaims: ['exp', 'sub', 'iat'],
    });
    if (!roles.includes(payload.role as Role)) throw new InvalidAccessTokenError('invalid');
    return { userId: payload.sub as string, role: payload.role as Role, expiresAt: (payload.exp as number) * 1000 };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new InvalidAccessTokenError('expired');
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) throw new InvalidAccessTokenError('invalid');
    throw error;
  }
}

/** HMAC key from the installation's JWT secret (imported once, reused for every token). */
export function accessTokenKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}
