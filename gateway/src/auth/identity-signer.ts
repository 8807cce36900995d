import { internalKey, signIdentity, type Identity } from '@cryptograph/core';

const reuseForMs = 30_000;
const maxEntries = 10_000;

/**
 * Signs identities for subgraphs, reusing a signature for 30 s (tokens live 60 s) so the hot path
 * does not sign on every request.
 */
export function createIdentitySigner(secret: string): (identity: Identity) => Promise<string> {
  const key = internalKey(secret);
  const cache = new Map<string, { token: Promise<string>; until: number }>();
  return (identity) => {
    const cacheKey = `${identity.userId ?? ''}|${identity.role ?? ''}|${identity.scopes?.join(',') ?? '*'}|${identity.clientAddress}`;
    const now = Date.now();
    const cached = cache.get(cacheKey);
    if (cached && cached.until > now) return cached.token;
    if (cache.size >= maxEntries) cache.clear();
    const token = signIdentity(identity, key);
    cache.set(cacheKey, { token, until: now + reuseForMs });
    return token;
  };
}
