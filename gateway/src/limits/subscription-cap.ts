import type { Identity } from '@cryptograph/core';

/** Limits concurrent subscriptions per user (per address for anonymous callers) in this gateway. */
export interface SubscriptionCap {
  readonly limit: number;
  /** Takes a slot; returns its idempotent release function, or null when the caller is at the limit. */
  acquire(identity: Identity): (() => void) | null;
}

/** Creates a per-user cap of `limit` concurrent subscriptions. */
export function createSubscriptionCap(limit: number): SubscriptionCap {
  const counts = new Map<string, number>();
  return {
    limit,
    acquire(identity) {
      const key = identity.userId ? `user:${identity.userId}` : `address:${identity.clientAddress}`;
      const count = counts.get(key) ?? 0;
      if (count >= limit) return null;
      counts.set(key, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const remaining = (counts.get(key) ?? 1) - 1;
        if (remaining <= 0) counts.delete(key);
        else counts.set(key, remaining);
      };
    },
  };
}
