import type { Identity } from '@cryptograph/core';
import { authenticate } from './auth/authenticate.js';

/** Per-operation context of the gateway, for HTTP and WebSocket operations alike. */
export interface GatewayContext {
  readonly identity: Identity;
}

/** Builds the gateway's one context factory: verifies the credential once per request or connection. */
export function gatewayContextFactory(jwtKey: Uint8Array) {
  return async (credentials: { authorization: string | undefined; clientAddress: string }): Promise<GatewayContext> => ({
    identity: await authenticate(credentials.authorization, credentials.clientAddress, jwtKey),
  });
}
