import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, anonymous, startMarketTestService, type MarketTestService } from '../test-support/market-test-service.js';

let market: MarketTestService;

const addAsset = `mutation($symbol: String!) { addAsset(symbol: $symbol) { symbol name quote active } }`;
const removeAsset = `mutation($symbol: String!) { removeAsset(symbol: $symbol) }`;
const symbolsQuery = `{ assets(first: 100) { edges { node { symbol active } } } providerAssets { symbol name quote tracked } }`;

beforeAll(async () => {
  market = await startMarketTestService();
});

afterAll(async () => {
  await market?.close();
});

describe('assets', () => {
  it('lists the provider catalog with whether each asset is tracked', async () => {
    const result = await market.request(symbolsQuery);
    expect(result.errors).toBeUndefined();
    expect(result.data!.providerAssets).toHaveLength(7);
    expect(result.data!.providerAssets).toContainEqual({ symbol: 'BTC', name: 'Bitcoin', quote: 'USD', tracked: true });
  });

  it('removes an asset softly (ADMIN), keeps it resolvable and lets an ANALYST add it back', async () => {
    const admin = signedIn('ADMIN');
    expect((await market.request(removeAsset, { symbol: 'doge' }, admin)).data).toEqual({ removeAsset: true });
    expect((await market.request(removeAsset, { symbol: 'DOGE' }, admin)).data).toEqual({ removeAsset: false });
    const afterRemove = await market.request(symbolsQuery);
    expect(afterRemove.data!.assets.edges.map((edge: any) => edge.node.symbol)).not.toContain('DOGE');
    expect(afterRemove.data!.providerAssets).toContainEqual({ symbol: 'DOGE', name: 'Dogecoin', quote: 'USD', tracked: false });
    expect((await market.request(`{ asset(symbol: "DOGE") { symbol active } }`)).data).toEqual({ asset: { symbol: 'DOGE', active: false } });

    const added = await market.request(addAsset, { symbol: 'doge' }, signedIn('ANALYST'));
    expect(added).toEqual({ data: { addAsset: { symbol: 'DOGE', name: 'Dogecoin', quote: 'USD', active: true } } });
  });

  it('adds only provider assets and removes only known ones', async () => {
    const unknownAdd = await market.request(addAsset, { symbol: 'NOPE' }, signedIn('ADMIN'));
    expect(unknownAdd.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const malformed = await market.request(addAsset, { symbol: 'no pe!' }, signedIn('ADMIN'));
    expect(malformed.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'symbol' });
    const unknownRemove = await market.request(removeAsset, { symbol: 'NOPE' }, signedIn('ADMIN'));
    expect(unknownRemove.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('enforces roles and the read:market scope', async () => {
    expect((await market.request(addAsset, { symbol: 'XRP' }, signedIn('VIEWER'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await market.request(removeAsset, { symbol: 'XRP' }, signedIn('ANALYST'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await market.request(removeAsset, { symbol: 'XRP' }, anonymous())).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const query of ['{ providerAssets { symbol } }', '{ candles(symbol: "BTC", interval: H1) { ts } }', '{ latestPrice(symbol: "BTC") { price } }']) {
      expect((await market.request(query, {}, anonymous())).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await market.request(query, {}, signedIn('VIEWER', ['read:predictions']))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await market.request(query, {}, signedIn('VIEWER', ['read:market']))).errors).toBeUndefined();
    }
  });

  it('answers latestPrice from the cache (last ingested tick wins): null before the first tick, NOT_FOUND for an unknown symbol', async () => {
    expect((await market.request(`{ latestPrice(symbol: "BNB") { price } }`)).data).toEqual({ latestPrice: null });
    expect((await market.request(`{ latestPrice(symbol: "NOPE") { price } }`)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await market.service.prices.set({ symbol: 'BNB', price: 301.5, ts: new Date('2024-01-01T00:00:00Z'), source: 'LIVE' });
    await market.service.prices.set({ symbol: 'BNB', price: 299, ts: new Date('2023-12-31T00:00:00Z'), source: 'SIMULATED' });
    expect((await market.request(`{ latestPrice(symbol: "BNB") { symbol price ts source } }`)).data).toEqual({
      latestPrice: { symbol: 'BNB', price: 299, ts: '2023-12-31T00:00:00.000Z', source: 'SIMULATED' },
    });
  });

  it('reports validation errors of unknown fields as GRAPHQL_VALIDATION_FAILED', async () => {
    const result = await market.request(`{ providerAssets { nope } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
