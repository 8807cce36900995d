/**
 * Remembers the result of verifying a token until the token expires, so the hot path verifies
 * each distinct token once instead of on every request. Only successful verifications are kept.
 */
export function cacheVerifications<T>(verify: (token: string) => Promise<T>, expiresAt: (value: T) => number, maxEntries = 10_000): (token: string) => Promise<T> {
  const cache = new Map<string, { value: T; until: number }>();
  return async (token) => {
    const cached = cache.get(token);
    if (cached && cached.until > Date.now()) return cached.value;
    const value = await verify(token);
    if (cache.size >= maxEntries) cache.clear();
    cache.set(token, { value, until: expiresAt(value) });
    return value;
  };
}
