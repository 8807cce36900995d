import { identityHeader, internalKey, signIdentity, type Identity } from '@cryptograph/core';
import { request } from 'undici';

/** Answers whether the market subgraph tracks an asset. */
export type AssetExists = (symbol: string, asIdentity: Identity) => Promise<boolean>;

/**
 * Asks the market subgraph (directly, with the caller's identity signed like the gateway does)
 * whether an asset is tracked, so predictions never keeps its own copy of the asset list.
 */
export function createMarketClient(marketUrl: string, internalSecret: string): AssetExists {
  const key = internalKey(internalSecret);
  return async (symbol, asIdentity) => {
    const response = await request(marketUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [identityHeader]: await signIdentity(asIdentity, key) },
      body: JSON.stringify({ query: 'query AssetExists($symbol: String!) { asset(symbol: $symbol) { symbol active } }', variables: { symbol } }),
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    const body = (await response.body.json()) as { data?: { asset: { active: boolean } | null }; errors?: { message: string }[] };
    if (!body.data) throw new Error(`market subgraph answered ${response.statusCode}: ${body.errors?.[0]?.message ?? 'no data'}`);
    return body.data.asset?.active === true;
  };
}
