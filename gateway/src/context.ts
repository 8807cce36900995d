import type { Identity } from '@cryptograph/core/base';
import type { Authenticate } from './auth/authenticate.js';

/** Per-operation context of the gateway, for HTTP and WebSocket operations alike. */
export interface GatewayContext {
  readonly identity: Identity;
  /** When the caller's credential expires (ms since the epoch); null when it does not. */
  readonly credentialExpiresAt: number | null;
  /** The public prefix of the caller's API key; null for access tokens and anonymous callers. */
  readonly apiKeyPrefix: string | null;
}

/** What identifies the caller of one request or WebSocket connection. */
export interface Credentials {
  readonly authorization: string | undefined;
  readonly clientAddress: string;
  /** An API key sent apart from `authorization` (`x-api-key` header, `apiKey` in `connection_init`). */
  readonly apiKey?: string | undefined;
}

/**
 * Builds the gateway's one context factory: verifies the credential once per request or connection
 * (see `createAuthenticator`: signature, session state and current role).
 */
export function gatewayContextFactory(authenticate: Authenticate): (credentials: Credentials) => Promise<GatewayContext> {
  return async (credentials) => {
    const { identity, expiresAt, apiKeyPrefix } = await authenticate(credentials.authorization, credentials.clientAddress, credentials.apiKey);
    return { identity, credentialExpiresAt: expiresAt, apiKeyPrefix };
  };
}
