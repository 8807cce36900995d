import { apiKeyRevokedChannel, userSessionChangedChannel, type EventBus } from '@cryptograph/core/base';

/**
 * Something about a credential changed on some replica: every cached verification of it is
 * forgotten, and every open connection that uses it must be verified again (and closed if it no
 * longer passes). `api-key`: one key was revoked. `user`: the user's session changed (logout,
 * password change, role change, deactivation, deletion, refresh token reuse); it concerns every
 * credential of that user, its access tokens and its API keys alike.
 *
 * `missed`: the feed may have missed revocations (the bus is down, or its connection dropped and came
 * back: what was published meanwhile is lost). Caches treat everything they hold as due for a new
 * check (an outage of the users service still falls back on it); open connections are not checked
 * at once but at their next periodic check.
 */
export type CredentialRevocation =
  { readonly kind: 'api-key'; readonly apiKeyPrefix: string } | { readonly kind: 'user'; readonly userId: string } | { readonly kind: 'missed' };

/** How `caughtUp` ended. */
export type CatchUp = 'heard' | 'missed' | 'no bus';

/** Receives one revocation. */
export type RevocationListener = (revocation: CredentialRevocation) => void;

/** The gateway's one feed of credential revocations, announced by the users subgraph on the event bus. */
export interface CredentialRevocations {
  /**
   * Calls `listener` for every revocation, in registration order: caches register first, so that
   * listeners registered later (open connections) verify against fresh state. Returns how to stop.
   */
  onRevoked(listener: RevocationListener): () => void;
  /**
   * Resolves with `heard` once every revocation published before the call has been announced here.
   * When the bus cannot say so (it is down, its connection dropped meanwhile, or it has not answered
   * within `caughtUpWithinMs`), announces `missed` instead, so that no credential is trusted from a
   * cache that may be stale, and resolves with `missed`. With no bus, `no bus` at once. Never rejects.
   */
  caughtUp(): Promise<CatchUp>;
  /** Stops listening to the bus. */
  close(): Promise<void>;
}

/** How long `caughtUp` waits for the bus at most. */
export const caughtUpWithinMs = 1_000;

/**
 * Listens for revocations on `bus`; with no bus (a lone gateway without Redis) nothing is announced.
 * Every `healthCheckMs`, and on every `caughtUp`, it checks whether the bus went down, came up
 * (also the first time, at start: what was cached before its subscriptions were in place is checked
 * again) or reconnected since the last check; if so, it announces `missed` (ioredis reconnects within
 * milliseconds, so a drop between two checks is seen by its count of interruptions). While the bus
 * stays down, only each `caughtUp` (each mutation) announces `missed` again: a credential revoked
 * through this gateway meanwhile is checked again on its next use.
 */
export function watchCredentialRevocations(bus: EventBus | undefined, healthCheckMs = 1_000): CredentialRevocations {
  const listeners: RevocationListener[] = [];
  const announce = (revocation: CredentialRevocation) => {
    for (const listener of [...listeners]) listener(revocation);
  };
  const missed = () => announce({ kind: 'missed' });
  const unsubscribers = [
    bus?.subscribe(apiKeyRevokedChannel, (message) => {
      const prefix = (message as { prefix?: unknown } | null)?.prefix;
      if (typeof prefix === 'string') announce({ kind: 'api-key', apiKeyPrefix: prefix });
    }),
    bus?.subscribe(userSessionChangedChannel, (message) => {
      const userId = (message as { userId?: unknown } | null)?.userId;
      if (typeof userId === 'string') announce({ kind: 'user', userId });
    }),
  ];
  let connected = bus?.healthy?.() ?? true;
  let interruptions = bus?.interruptions?.() ?? 0;
  const checkHealth = () => {
    const now = bus?.healthy?.() ?? true;
    const seen = bus?.interruptions?.() ?? 0;
    const wentDown = connected && !now;
    // While down, ioredis counts every failed reconnect attempt: only coming back (or a drop and return between two checks) counts.
    const cameBack = now && (!connected || seen !== interruptions);
    connected = now;
    interruptions = seen;
    if (wentDown) missed();
    if (cameBack) {
      // Once now, and once the subscriptions are confirmed (a PING answered after the re-sent SUBSCRIBE): a revocation published
      // between the two was lost, and a credential cached meanwhile is checked again too.
      missed();
      void (bus?.caughtUp?.() ?? Promise.resolve()).catch(() => undefined).finally(missed);
    }
  };
  const healthChecks = bus?.healthy || bus?.interruptions ? setInterval(checkHealth, healthCheckMs).unref() : undefined;
  return {
    onRevoked(listener) {
      listeners.push(listener);
      return () => {
        const index = listeners.indexOf(listener);
        if (index >= 0) listeners.splice(index, 1);
      };
    },
    async caughtUp() {
      if (!bus?.caughtUp) return 'no bus';
      // Before the round trip: a return of the bus noticed now has its own round trip queued ahead of this one.
      checkHealth();
      let timer: NodeJS.Timeout | undefined;
      const givenUp = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), caughtUpWithinMs)));
      const heard = await Promise.race([
        bus.caughtUp().then(
          () => true,
          () => false,
        ),
        givenUp,
      ]);
      clearTimeout(timer);
      if (!heard) missed();
      return heard ? 'heard' : 'missed';
    },
    async close() {
      clearInterval(healthChecks);
      for (const unsubscribe of unsubscribers) await (await unsubscribe)?.();
    },
  };
}
