import type { GatewayPlugin } from '../gateway-plugin.js';
import { timerPerCredential } from './timer-per-credential.js';

/** How often open connections verify their credential again, by kind of credential. */
export interface CredentialRecheckOptions {
  /** Connections of access tokens (SESSION_CACHE_SECONDS: how long a session state is trusted). */
  readonly tokenEveryMs: number;
  /** Connections of API keys (API_KEY_CACHE_SECONDS: how long a verified key is trusted). */
  readonly apiKeyEveryMs: number;
}

/** Shortest interval between two checks of one connection, whatever the cache settings (0 means "always ask"). */
const minimumMs = 1_000;

/**
 * Verifies the credential of every open WebSocket and SSE connection again, as often as the
 * gateway's caches would ask the users service for a new request: a revocation announced on the bus
 * ends the connection at once (useRevocation), and this bounds the case where the announcement never
 * arrived (the bus was down or dropped the subscription, or the gateway runs without one) to the
 * cache lifetime, as for new requests. Each check goes through the authenticator like a revocation
 * does (operations wait for it; a credential that no longer passes, or acts with another role or
 * scopes, ends the connection with 4403); with the caches warm it costs a map lookup. Anonymous
 * connections have nothing to check. Timers are spread by up to a tenth of the interval so that
 * connections opened together do not all ask at once.
 */
export function useCredentialRecheck(options: CredentialRecheckOptions): GatewayPlugin {
  return {
    name: 'credential-recheck',
    onConnection(connection) {
      return timerPerCredential(connection, (context) => {
        if (context.identity.userId === null) return undefined;
        const everyMs = Math.max(minimumMs, context.apiKeyPrefix === null ? options.tokenEveryMs : options.apiKeyEveryMs);
        return setTimeout(() => connection.reverify(), everyMs + Math.random() * everyMs * 0.1).unref();
      });
    },
  };
}
