import { apiKeyRevokedChannel, userSessionChangedChannel, type EventBus } from '@cryptograph/core';

/**
 * Something about a credential changed on some replica: every cached verification of it is
 * forgotten, and every open connection that uses it must be verified again (and closed if it no
 * longer passes). `api-key`: one key was revoked. `user`: the user's session changed (logout,
 * password change, role change, deactivation, deletion, refresh token reuse); it concerns every
 * credential of that user, its access tokens and its API keys alike.
 */
export type CredentialRevocation = { readonly kind: 'api-key'; readonly apiKeyPrefix: string } | { readonly kind: 'user'; readonly userId: string };

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
   * Resolves once every revocation published before the call has been announced here, or after
   * `caughtUpWithinMs` if the bus cannot tell by then (it is down or slow; the caches' lifetimes
   * bound a revocation missed that way). Never rejects.
   */
  caughtUp(): Promise<void>;
  /** Stops listening to the bus. */
  close(): Promise<void>;
}

/** How long `caughtUp` waits for the bus at most. */
export const caughtUpWithinMs = 1_000;

/** Listens for revocations on `bus`; with no bus (a lone gateway without Redis) nothing is announced. */
export function watchCredentialRevocations(bus: EventBus | undefined): CredentialRevocations {
  const listeners: RevocationListener[] = [];
  const announce = (revocation: CredentialRevocation) => {
    for (const listener of [...listeners]) listener(revocation);
  };
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
  return {
    onRevoked(listener) {
      listeners.push(listener);
      return () => {
        const index = listeners.indexOf(listener);
        if (index >= 0) listeners.splice(index, 1);
      };
    },
    async caughtUp() {
      if (!bus?.caughtUp) return;
      let timer: NodeJS.Timeout | undefined;
      const givenUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, caughtUpWithinMs)));
      await Promise.race([bus.caughtUp().catch(() => undefined), givenUp]);
      clearTimeout(timer);
    },
    async close() {
      for (const unsubscribe of unsubscribers) await (await unsubscribe)?.();
    },
  };
}
