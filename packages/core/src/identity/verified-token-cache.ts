import { LRUCache } from 'lru-cache';

/**
 * Remembers the result of verifying a token until the token expires, so the hot path verifies
 * each distinct token once instead of on every request. Only successful verifications are kept,
 * at most `maxEntries` of them: when full, the least recently used is dropped (lru-cache), so a
 * flood of distinct tokens cannot evict the ones in use all at once.
 */
export function cacheVerifications<T>(
  verify: (token: string) => Promise<T>,
  expiresAt: (value: T) => number,
  maxEntries = 10_000,
): (token: string) => Promise<T> {
  const cache = new LRUCache<string, { value: T }>({ max: maxEntries });
  return async (token) => {
    const cached = cache.get(token);
    if (cached) return cached.value;
    const value = await verify(token);
    const ttl = expiresAt(value) - Date.now();
    if (ttl > 0) cache.set(token, { value }, { ttl });
    return value;
  };
}
