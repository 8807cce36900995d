import type { Identity } from '@cryptograph/core';
import type { KeyObject } from 'node:crypto';
import { createAuthenticator } from './auth/authenticate.js';

/** Per-operation context of the gateway, for HTTP and WebSocket operations alike. */
export interface GatewayContext {
  readonly identity: Identity;
  /** When the caller's credential expires (ms since the epoch); null when it does not. */
  readonly credentialExpiresAt: number | null;
}

/** What identifies the caller of one request or WebSocket connection. */
export interface Credentials {
  readonly authorization: string | undefined;
  readonly clientAddress: string;
}

/** Builds the gateway's one context factory: verifies the credential once per request or connection. */
export function gatewayContextFactory(jwtKey: KeyObject): (credentials: Credentials) => Promise<GatewayContext> {
  const authenticate = createAuthenticator(jwtKey);
  return async (credentials) => {
    const { identity, expiresAt } = await authenticate(credentials.authorization, credentials.clientAddress);
    return { identity, credentialExpiresAt: expiresAt };
  };
}
