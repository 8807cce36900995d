import { sessionStatePath, sessionStateScope, type SessionState } from '@cryptograph/core/base';
import { LRUCache } from 'lru-cache';
import type { CredentialRevocations } from './credential-revocations.js';
import { UsersServiceUnavailable, type UsersInternalClient } from './users-internal-client.js';

/** The users' current session states as the gateway knows them. */
export interface SessionStates {
  /**
   * The user's current role and session version, or null when the user is deleted or deactivated.
   * A cached state older than `atLeastVersion` (a token newer than what this gateway heard of) is
   * fetched again.
   */
  current(userId: string, atLeastVersion?: number): Promise<SessionState | null>;
  /** Stops listening for revocations. */
  close(): void;
}

/** Options of the session state cache. */
export interface SessionStatesOptions {
  readonly users: UsersInternalClient;
  /** The gateway's revocation feed; evicts a user's state the moment the users subgraph announces a change. */
  readonly revocations: CredentialRevocations;
  /** How long a state is trusted without asking again (default 30 s); only bounds staleness when no bus delivers revocations. */
  readonly cacheMs?: number;
  /** While the users subgraph cannot be reached, an older state (not evicted by a revocation) is still used for this long (default 15 min). */
  readonly staleIfErrorMs?: number;
}

/** Users whose state is kept (the least recently used is forgotten first) and users whose last revocation is remembered. */
const maxEntries = 50_000;

/**
 * Caches session states per user. Every access token is checked against one, so this is on the hot
 * path: a hit is an LRU lookup (lru-cache; at most 50,000 users, the least recently used forgotten
 * first); concurrent misses for one user share one request. The users subgraph announces every
 * change on the event bus and the revocation feed evicts the user at once, before the feed's later
 * listeners (open connections) check again; a request in flight during a revocation is neither
 * cached nor shared with requests that come after it. While the users subgraph cannot be reached, a
 * state older than `cacheMs` is still used (up to `staleIfErrorMs`), so an outage of the users
 * service does not lock out users this gateway knows; a user it does not know is refused
 * (UsersServiceUnavailable), never let in unchecked.
 */
export function createSessionStates(options: SessionStatesOptions): SessionStates {
  const cacheMs = options.cacheMs ?? 30_000;
  const staleIfErrorMs = options.staleIfErrorMs ?? 15 * 60_000;
  // Kept past `cacheMs` (up to `staleIfErrorMs`) for outages of the users subgraph; freshness is checked against `storedAt`.
  const cache = new LRUCache<string, { state: SessionState | null; storedAt: number; epoch: number }>({
    max: maxEntries,
    ttl: Math.max(cacheMs, staleIfErrorMs),
  });
  const pending = new Map<string, Promise<SessionState | null>>();
  // Revocation counter and, per user, its value at the user's last revocation (users forgotten to bound the map count as revoked at `floor`).
  const generations = new Map<string, number>();
  let generation = 0;
  let floor = 0;
  // States stored in an earlier epoch are due for a new check (revocations may have been missed); they still serve an outage of the users subgraph.
  let epoch = 0;
  const unsubscribe = options.revocations.onRevoked((revocation) => {
    if (revocation.kind === 'missed') {
      epoch += 1;
      // Requests in flight now may answer with what a missed revocation changed: none of them is cached.
      floor = generation += 1;
      generations.clear();
      pending.clear();
      return;
    }
    if (revocation.kind !== 'user') return;
    generation += 1;
    if (generations.size >= maxEntries) {
      generations.clear();
      floor = generation;
    }
    generations.set(revocation.userId, generation);
    cache.delete(revocation.userId);
    pending.delete(revocation.userId);
  });

  function fetchState(userId: string): Promise<SessionState | null> {
    const shared = pending.get(userId);
    if (shared) return shared;
    const startedAt = generation;
    const request = options.users
      .request<{ session: SessionState | null }>(sessionStatePath, sessionStateScope, { userId })
      .then(({ session }) => {
        const revokedAt = generations.get(userId) ?? floor;
        if (revokedAt <= startedAt) cache.set(userId, { state: session, storedAt: Date.now(), epoch });
        return session;
      })
      .finally(() => {
        if (pending.get(userId) === request) pending.delete(userId);
      });
    pending.set(userId, request);
    return request;
  }

  return {
    async current(userId, atLeastVersion = 0) {
      const cached = cache.get(userId);
      const usable = cached && (cached.state === null || cached.state.version >= atLeastVersion) ? cached : undefined;
      if (usable && usable.epoch === epoch && Date.now() - usable.storedAt < cacheMs) return usable.state;
      try {
        return await fetchState(userId);
      } catch (error) {
        if (error instanceof UsersServiceUnavailable && usable && Date.now() - usable.storedAt < staleIfErrorMs) return usable.state;
        throw error;
      }
    },
    close: unsubscribe,
  };
}
