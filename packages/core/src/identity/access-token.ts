import { randomUUID, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { roles, type Role } from './identity.js';
import { accessTokenAlgorithms, type AccessTokenSigningKey } from './signing-key.js';

const tokenType = 'at+jwt';
/** `iss` of every access token. */
export const accessTokenIssuer = 'cryptograph';
/** `aud` of every access token. */
export const accessTokenAudience = 'cryptograph-api';

/** What an access token says about its bearer. */
export interface AccessTokenClaims {
  readonly userId: string;
  /** The role when the token was issued; informational only: the gateway acts with the user's current role. */
  readonly role: Role;
  /** The user's session version when the token was issued (`sv`); a token older than the current version is refused. */
  readonly sessionVersion: number;
}

/** A verified access token: its claims and when it expires (ms since the epoch). */
export interface VerifiedAccessToken extends AccessTokenClaims {
  readonly expiresAt: number;
}

/** Signs a short-lived access token (EdDSA or ES256 with `kid`, `typ: at+jwt`, with iss, aud, exp, iat, jti, sv). */
export async function signAccessToken(claims: AccessTokenClaims, key: AccessTokenSigningKey, ttlSeconds: number): Promise<string> {
  return new SignJWT({ role: claims.role, sv: claims.sessionVersion })
    .setProtectedHeader({ alg: key.alg, typ: tokenType, kid: key.kid })
    .setSubject(claims.userId)
    .setIssuer(accessTokenIssuer)
    .setAudience(accessTokenAudience)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key.privateKey);
}

/** Why an access token was refused; `expired` lets clients know to refresh. */
export class InvalidAccessTokenError extends Error {
  override name = 'InvalidAccessTokenError';
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'The access token has expired.' : 'The access token is invalid.');
  }
}

/** Public keys to verify with: one key, or a resolver picking the key by the token's `kid` (a JWKS). */
export type AccessTokenVerificationKeys = KeyObject | JWTVerifyGetKey;

/**
 * Verifies an access token: the algorithm is pinned to EdDSA/ES256 (so `alg: none`, HS256 and key
 * confusion fail), `typ` must be `at+jwt` (so no other token can stand in), and iss, aud, exp, sub,
 * a known role and a session version are required. Errors of the key resolver other than "no such
 * key" (e.g. the key set cannot be fetched) are thrown as they are.
 */
export async function verifyAccessToken(token: string, keys: AccessTokenVerificationKeys): Promise<VerifiedAccessToken> {
  try {
    const options = {
      algorithms: [...accessTokenAlgorithms],
      typ: tokenType,
      issuer: accessTokenIssuer,
      audience: accessTokenAudience,
      requiredClaims: ['exp', 'sub', 'iat'],
    };
    const { payload } = typeof keys === 'function' ? await jwtVerify(token, keys, options) : await jwtVerify(token, keys, options);
    if (!roles.includes(payload.role as Role)) throw new InvalidAccessTokenError('invalid');
    const sessionVersion = payload.sv;
    if (typeof sessionVersion !== 'number' || !Number.isSafeInteger(sessionVersion) || sessionVersion < 0) throw new InvalidAccessTokenError('invalid');
    return { userId: payload.sub as string, role: payload.role as Role, sessionVersion, expiresAt: (payload.exp as number) * 1000 };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new InvalidAccessTokenError('expired');
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) throw new InvalidAccessTokenError('invalid');
    throw error;
  }
}
