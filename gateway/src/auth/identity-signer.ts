import { internalKey, signIdentity, type Identity } from '@cryptograph/core/base';
import { LRUCache } from 'lru-cache';
import type { SignIdentity } from './users-internal-client.js';

const reuseForMs = 30_000;
/** Identities whose signature is kept (the least recently used is forgotten first). */
const maxEntries = 10_000;

/**
 * Signs identities for subgraphs, each for its own audience (a token minted for one subgraph is
 * refused by the others), reusing a signature for 30 s (tokens live 60 s) so the hot path does not
 * sign on every request (lru-cache, at most 10,000 identities).
 */
export function createIdentitySigner(secret: string): SignIdentity {
  const key = internalKey(secret);
  const cache = new LRUCache<string, Promise<string>>({ max: maxEntries, ttl: reuseForMs });
  return (identity: Identity, subgraph: string) => {
    const cacheKey = `${subgraph}|${identity.userId ?? ''}|${identity.role ?? ''}|${identity.scopes?.join(',') ?? '*'}|${identity.clientAddress}`;
    const cached = cache.get(cacheKey);
    if (cached) return cached;
    const token = signIdentity(identity, key, subgraph);
    cache.set(cacheKey, token);
    return token;
  };
}
