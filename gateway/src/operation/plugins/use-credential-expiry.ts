import { ErrorCode } from '@cryptograph/core/base';
import { GatewayCloseCode, type ConnectionEnd } from '../connection-end.js';
import type { GatewayPlugin } from '../gateway-plugin.js';
import { timerPerCredential } from './timer-per-credential.js';

const expired: ConnectionEnd = {
  code: GatewayCloseCode.TokenExpired,
  reason: 'Access token expired',
  error: {
    message: 'The access token expired; reconnect with a fresh token, or refresh it on the connection before it expires.',
    extensions: { code: ErrorCode.UNAUTHENTICATED },
  },
};

/** Longest timer Node accepts. */
const maxTimerMs = 2 ** 31 - 1;

/**
 * Ends a long-lived connection when its credential expires (4419 on WebSocket, the end of the
 * stream on SSE; running operations get UNAUTHENTICATED first). A live refresh moves the deadline
 * to the new credential's expiry.
 */
export function useCredentialExpiry(): GatewayPlugin {
  return {
    name: 'credential-expiry',
    onConnection(connection) {
      return timerPerCredential(connection, (context) => {
        const expiresAt = context.credentialExpiresAt;
        return expiresAt === null ? undefined : setTimeout(() => connection.end(expired), Math.max(0, Math.min(expiresAt - Date.now(), maxTimerMs)));
      });
    },
  };
}
