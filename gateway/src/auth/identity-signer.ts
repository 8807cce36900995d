import { internalKey, signIdentity, type Identity } from '@cryptograph/core';
import type { SignIdentity } from './users-internal-client.js';

const reuseForMs = 30_000;
const maxEntries = 10_000;

/**
 * Signs identities for subgraphs, each for its own audience (a token minted for one subgraph is
 * refused by the others), reusing a signature for 30 s (tokens live 60 s) so the hot path does not
 * sign on every request.
 */
export function createIdentitySigner(secret: string): SignIdentity {
  const key = internalKey(secret);
  const cache = new Map<string, { token: Promise<string>; until: number }>();
  return (identity: Identity, subgraph: string) => {
    const cacheKey = `${subgraph}|${identity.userId ?? ''}|${identity.role ?? ''}|${identity.scopes?.join(',') ?? '*'}|${identity.clientAddress}`;
    const now = Date.now();
    const cached = cache.get(cacheKey);
    if (cached && cached.until > now) return cached.token;
    if (cache.size >= maxEntries) cache.clear();
    const token = signIdentity(identity, key, subgraph);
    cache.set(cacheKey, { token, until: now + reuseForMs });
    return token;
  };
}
