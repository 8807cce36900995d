import { fastBuckets, metricsPerService } from '@cryptograph/otel';
import { Counter, Histogram } from 'prom-client';
import type { CredentialRevocation, CredentialRevocations } from '../../auth/credential-revocations.js';
import type { GatewayConnection } from '../gateway-connection.js';
import type { GatewayPlugin } from '../gateway-plugin.js';

/** The revocation plugin and how to stop listening. */
export interface RevocationPlugin extends GatewayPlugin {
  close(): void;
}

/** The revocation metrics of one service, created once in its registry. */
const revocationMetrics = metricsPerService((registers) => ({
  revocations: new Counter({
    name: 'cryptograph_credential_revocations_total',
    help: 'Revocations this gateway heard, by kind (api-key, user; missed: announcements that the bus went down, came back or could not tell, after which each cached credential is checked again on its next use).',
    labelNames: ['kind'],
    registers,
  }),
  catchUp: new Histogram({
    name: 'cryptograph_revocation_catch_up_seconds',
    help: "Time a mutation's answer waited for the gateway to hear the revocations published before it, by outcome (heard; missed: the bus could not tell).",
    labelNames: ['outcome'],
    buckets: fastBuckets,
    registers,
  }),
}));

/** True when `revocation` is about the credential `connection` uses. */
function concerns(revocation: CredentialRevocation, connection: GatewayConnection): boolean {
  // Missed revocations: open connections find out at their next periodic check (SESSION_CACHE_SECONDS, API_KEY_CACHE_SECONDS).
  if (!connection.authenticated || revocation.kind === 'missed') return false;
  const { identity, apiKeyPrefix } = connection.context;
  return revocation.kind === 'api-key' ? apiKeyPrefix === revocation.apiKeyPrefix : identity.userId === revocation.userId;
}

/**
 * Applies revocations to open connections: on every revocation of the gateway's feed (an API key
 * revoked, or a user's sessions, role or account changed, on any gateway sharing the event bus),
 * each open WebSocket or SSE connection using that credential verifies it again through the
 * gateway's authenticator. Operations wait for the answer; a credential that no longer passes, or
 * acts with a different role or scopes, ends the connection (4403 on WebSocket, the end of the
 * stream on SSE). Registered after the credential caches, so they have forgotten the credential
 * by the time it is verified again. Open connections are scanned per revocation: revocations are
 * rare, and a connection's user can change with a refresh.
 *
 * A mutation's answer leaves only once this gateway has heard every revocation published before it
 * (`caughtUp`): a client that revokes a key, logs out or changes a role through this gateway finds
 * the old credential refused from its next request on, here. Other gateways apply it as their bus
 * delivers it. The wait is measured in `cryptograph_revocation_catch_up_seconds` (this plugin comes
 * before the operation metrics); every revocation heard counts in `cryptograph_credential_revocations_total`.
 */
export function useRevocation(options: { readonly revocations: CredentialRevocations; readonly service?: string }): RevocationPlugin {
  const metrics = revocationMetrics(options.service ?? 'gateway');
  const open = new Set<GatewayConnection>();
  const unsubscribe = options.revocations.onRevoked((revocation) => {
    metrics.revocations.inc({ kind: revocation.kind });
    for (const connection of open) if (concerns(revocation, connection)) connection.reverify();
  });
  return {
    name: 'revocation',
    close: unsubscribe,
    async onOperation(operation, next) {
      const outcome = await next();
      if (operation.definition?.operation !== 'mutation') return outcome;
      const startedAt = performance.now();
      const caughtUp = await options.revocations.caughtUp();
      if (caughtUp !== 'no bus') metrics.catchUp.observe({ outcome: caughtUp }, (performance.now() - startedAt) / 1000);
      return outcome;
    },
    onConnection(connection) {
      open.add(connection);
      return () => open.delete(connection);
    },
  };
}
