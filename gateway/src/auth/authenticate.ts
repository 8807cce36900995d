import {
  AppError,
  cacheVerifications,
  ErrorCode,
  InvalidAccessTokenError,
  anonymousIdentity,
  parseApiKey,
  verifyAccessToken,
  type AccessTokenVerificationKeys,
  type Identity,
  type VerifiedApiKey,
} from '@cryptograph/core/base';
import type { SessionStates } from './session-states.js';
import { UsersServiceUnavailable } from './users-internal-client.js';

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

/** Error for a credential that cannot be checked because the users subgraph does not answer; HTTP 503. */
function cannotCheck(): AppError {
  return new AppError(ErrorCode.DOWNSTREAM_SERVICE_ERROR, 'Credentials cannot be checked right now; try again shortly.', {
    serviceName: 'users',
    http: { status: 503 },
  });
}

/** Checks an API key; null when it is unknown, revoked or its owner deactivated. */
export type VerifyApiKey = (key: string) => Promise<VerifiedApiKey | null>;

/** What the authenticator checks credentials with. */
export interface AuthenticatorOptions {
  /** Public keys of access tokens (the users subgraph's JWKS, or one key). */
  readonly accessTokenKeys: AccessTokenVerificationKeys;
  /** Current session versions and roles of users. */
  readonly sessions: SessionStates;
  readonly verifyApiKey?: VerifyApiKey;
}

/** Verifies the credential of one request or WebSocket connection: no credential is anonymous, a bad one is UNAUTHENTICATED. */
export type Authenticate = (authorization: string | undefined, clientAddress: string, apiKey?: string) => Promise<Authentication>;

/**
 * Creates the gateway's authenticator. It verifies the credential of a request or WebSocket
 * connection and returns the caller's identity:
 * - `Bearer <access token>`: the signature (EdDSA/ES256, key by `kid`) is verified once per distinct
 *   token until it expires; then, on every call, the user's current session state: a deleted or
 *   deactivated user, or a token older than the user's session version (logout, password change,
 *   role change), is refused. The caller acts with the user's CURRENT role, never the role inside
 *   the token.
 * - an API key (`ApiKey <key>` or `apiKey`), acting with its owner's current role within its scopes.
 * No credential means anonymous; a malformed, forged, expired or revoked one is UNAUTHENTICATED
 * (never silently anonymous); when the users subgraph cannot be reached it is DOWNSTREAM_SERVICE_ERROR.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticate {
  const verify = cacheVerifications(
    (token) => verifyAccessToken(token, options.accessTokenKeys),
    (verified) => verified.expiresAt,
  );

  async function withApiKey(key: string, clientAddress: string): Promise<Authentication> {
    if (!options.verifyApiKey || !parseApiKey(key)) throw invalidCredential('The API key is invalid.');
    const verified = await options.verifyApiKey(key);
    if (!verified) throw invalidCredential('The API key is invalid or has been revoked.');
    return {
      identity: { userId: verified.userId, role: verified.role, scopes: verified.scopes, clientAddress },
      expiresAt: null,
      apiKeyPrefix: verified.prefix,
    };
  }

  async function withAccessToken(token: string, clientAddress: string): Promise<Authentication> {
    try {
      const verified = await verify(token);
      if (verified.expiresAt <= Date.now()) throw new InvalidAccessTokenError('expired');
      const session = await options.sessions.current(verified.userId, verified.sessionVersion);
      if (!session) throw invalidCredential('The session has ended; sign in again.');
      if (verified.sessionVersion !== session.version)
        throw invalidCredential('The access token was revoked (logout, password or role change); refresh it or sign in again.');
      return { identity: { userId: verified.userId, role: session.role, scopes: null, clientAddress }, expiresAt: verified.expiresAt, apiKeyPrefix: null };
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) {
        throw invalidCredential(error.reason === 'expired' ? 'The access token has expired; refresh it.' : 'The access token is invalid.');
      }
      throw error;
    }
  }

  return async (authorization, clientAddress, apiKey) => {
    try {
      if (apiKey !== undefined && apiKey !== '') {
        if (authorization) throw invalidCredential('Send either an Authorization header or an API key, not both.');
        return await withApiKey(apiKey.trim(), clientAddress);
      }
      if (authorization === undefined || authorization === '') return { identity: anonymousIdentity(clientAddress), expiresAt: null, apiKeyPrefix: null };
      const apiKeyMatch = /^ApiKey (\S+)$/.exec(authorization.trim());
      if (apiKeyMatch?.[1]) return await withApiKey(apiKeyMatch[1], clientAddress);
      const match = /^Bearer ([A-Za-z0-9_.~+/=-]+)$/.exec(authorization.trim());
      if (!match?.[1]) throw invalidCredential('The Authorization header must be "Bearer <access token>" or "ApiKey <key>".');
      return await withAccessToken(match[1], clientAddress);
    } catch (error) {
      if (error instanceof UsersServiceUnavailable) throw cannotCheck();
      throw error;
    }
  };
}
