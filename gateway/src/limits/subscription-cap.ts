import type { Identity } from '@cryptograph/core/base';

/** Gives back one slot of the cap (idempotent). */
export type ReleaseSlot = () => void;

/** Limits the concurrent subscriptions of one user (one address for anonymous callers). */
export interface SubscriptionCap {
  readonly limit: number;
  /** Takes a slot; resolves with its release, or with null when the caller is at the limit. Never rejects. */
  acquire(identity: Identity): Promise<ReleaseSlot | null>;
  /** Gives back what this gateway still holds and releases connections. */
  close(): Promise<void>;
}

/** Whose slots a subscription takes: its user, else its client address. */
export function holderOf(identity: Identity): string {
  return identity.userId ? `user:${identity.userId}` : `address:${identity.clientAddress}`;
}

/** Counts of slots held per holder, for one gateway. */
export interface LocalHolds {
  count(holder: string): number;
  add(holder: string): void;
  remove(holder: string): void;
  /** Holders with at least one slot. */
  holders(): string[];
}

/** Creates an empty set of per-holder counts. */
export function createLocalHolds(): LocalHolds {
  const counts = new Map<string, number>();
  return {
    count: (holder) => counts.get(holder) ?? 0,
    add: (holder) => void counts.set(holder, (counts.get(holder) ?? 0) + 1),
    remove(holder) {
      const remaining = (counts.get(holder) ?? 1) - 1;
      if (remaining <= 0) counts.delete(holder);
      else counts.set(holder, remaining);
    },
    holders: () => [...counts.keys()],
  };
}

/** Wraps `release` so that only its first call counts. */
export function releaseOnce(release: () => void): ReleaseSlot {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}

/** A cap of `limit` concurrent subscriptions per user counted in this process only (embedded defaults: one gateway). */
export function createSubscriptionCap(limit: number): SubscriptionCap {
  const holds = createLocalHolds();
  return {
    limit,
    async acquire(identity) {
      const holder = holderOf(identity);
      if (holds.count(holder) >= limit) return null;
      holds.add(holder);
      return releaseOnce(() => holds.remove(holder));
    },
    async close() {},
  };
}
