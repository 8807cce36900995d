import { ErrorCode } from '@cryptograph/core/base';
import type { GatewayPlugin } from '../gateway-plugin.js';
import { operationError } from '../request-error.js';

/**
 * Authorizes each operation with its connection's credential as it stands now: a re-verification
 * in progress (something was revoked) is waited for, a connection that was ended (revoked, role
 * changed) refuses the operation, and so does a credential that has expired (even if the
 * connection's expiry timer has not fired yet). On HTTP the credential was verified for this very
 * request; on WebSocket and SSE this is what makes a revocation refuse queries and mutations on an
 * open connection at once.
 */
export function useCredentialCheck(): GatewayPlugin {
  return {
    name: 'credential-check',
    async onOperation(operation, next) {
      const context = await operation.connection.verified();
      if (context.credentialExpiresAt !== null && context.credentialExpiresAt <= Date.now()) {
        throw operationError('The access token has expired; refresh it.', ErrorCode.UNAUTHENTICATED, { status: 401 });
      }
      operation.context = context;
      return next();
    },
  };
}
