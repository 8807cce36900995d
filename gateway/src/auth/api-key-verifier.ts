import { verifyApiKeyPath, verifyApiKeyScope, type VerifiedApiKey } from '@cryptograph/core/base';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import type { CredentialRevocations } from './credential-revocations.js';
import { UsersServiceUnavailable, type UsersInternalClient } from './users-internal-client.js';

/** How the gateway verifies API keys. */
export interface ApiKeyVerifierOptions {
  /** The users subgraph's internal routes. */
  readonly users: UsersInternalClient;
  /** The gateway's revocation feed; with no bus behind it, only the cache lifetime bounds a revoked key. */
  readonly revocations: CredentialRevocations;
  /** How long a valid key is trusted without asking again (default 10 s); invalid keys are never cached. */
  readonly cacheMs?: number;
  /** While the users subgraph cannot be reached, a key verified earlier (and not revoked since) is still trusted for this long (default 15 min). */
  readonly staleIfErrorMs?: number;
}

/** Verifies API keys against the users subgraph, caching valid ones briefly. */
export interface ApiKeyVerifier {
  /** The owner's current role and the key's scopes, or null when the key is not (or no longer) valid. */
  verify(key: string): Promise<VerifiedApiKey | null>;
  /** Stops listening for revocations. */
  close(): Promise<void>;
}

/** Keys kept (the least recently used is forgotten first). */
const maxEntries = 10_000;

/**
 * Builds the verifier (its cache: lru-cache, at most 10,000 keys). The users subgraph is the only
 * holder of key hashes, so every gateway replica asks it (an identity-signed internal route) and
 * trusts a positive answer for `cacheMs`. A revocation (of the key, or any change of its owner's
 * session) is published on the event bus and evicts the key from every replica's cache at once; a
 * generation counter keeps an answer that was in flight during a revocation out of the cache. While
 * the users subgraph cannot be reached, a key verified before is still trusted for
 * `staleIfErrorMs`; an unknown key is refused.
 */
export function createApiKeyVerifier(options: ApiKeyVerifierOptions): ApiKeyVerifier {
  const cacheMs = options.cacheMs ?? 10_000;
  const staleIfErrorMs = options.staleIfErrorMs ?? 15 * 60_000;
  // Kept past `cacheMs` (up to `staleIfErrorMs`) for outages of the users subgraph; freshness is checked against `storedAt`.
  const cache = new LRUCache<string, { value: VerifiedApiKey; storedAt: number; epoch: number }>({ max: maxEntries, ttl: Math.max(cacheMs, staleIfErrorMs) });
  let generation = 0;
  // Entries stored in an earlier epoch are due for a new check (revocations may have been missed); they still serve an outage of the users subgraph.
  let epoch = 0;
  const digest = (key: string) => createHash('sha256').update(key).digest('base64url');
  const unsubscribe = options.revocations.onRevoked((revocation) => {
    generation += 1;
    if (revocation.kind === 'missed') {
      epoch += 1;
      return;
    }
    const revoked = [...cache.entries()].filter(([, entry]) =>
      revocation.kind === 'api-key' ? entry.value.prefix === revocation.apiKeyPrefix : entry.value.userId === revocation.userId,
    );
    for (const [hash] of revoked) cache.delete(hash);
  });

  return {
    async verify(key) {
      const hash = digest(key);
      const now = Date.now();
      const cached = cache.get(hash);
      if (cached && cached.epoch === epoch && now - cached.storedAt < cacheMs) return cached.value;
      const startedAt = generation;
      let verified: VerifiedApiKey | null;
      try {
        verified = (await options.users.request<{ key: VerifiedApiKey | null }>(verifyApiKeyPath, verifyApiKeyScope, { key })).key;
      } catch (error) {
        const stillCached = cache.get(hash);
        if (error instanceof UsersServiceUnavailable && stillCached && Date.now() - stillCached.storedAt < staleIfErrorMs) return stillCached.value;
        throw error;
      }
      if (verified && startedAt === generation) cache.set(hash, { value: verified, storedAt: now, epoch });
      if (!verified) cache.delete(hash);
      return verified;
    },
    async close() {
      unsubscribe();
    },
  };
}
