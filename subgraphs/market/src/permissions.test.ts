import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, startMarketTestService, type MarketTestService } from './test-support/market-test-service.js';

let market: MarketTestService;

beforeAll(async () => {
  market = await startMarketTestService();
});

afterAll(async () => {
  await market?.close();
});

/** What the gateway asks the market for when a query of another service reaches an asset (`predictions { asset { ... } }`). */
const entities = (fields: string) => `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Asset { ${fields} } } }`;
const btc = { representations: [{ __typename: 'Asset', symbol: 'BTC' }] };
const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.code;

describe('market permissions for API keys', () => {
  it('an asset joined in from another service shows its description to any key, but its prices and candles only to read:market', async () => {
    const predictionsKey = signedIn('VIEWER', ['read:predictions']);
    expect((await market.request(entities('symbol name quote active'), btc, predictionsKey)).data).toEqual({
      _entities: [{ symbol: 'BTC', name: 'Bitcoin', quote: 'USD', active: true }],
    });
    for (const fields of ['candles(interval: D1) { close }', 'latestPrice { price }']) {
      const refused = await market.request(entities(fields), btc, predictionsKey);
      expect(codeOf(refused), fields).toBe('FORBIDDEN');
      expect(refused.errors?.[0]?.message).toMatch(/read:market/);
      expect(codeOf(await market.request(entities(fields), btc, signedIn('VIEWER', ['read:market']))), fields).toBeUndefined();
      expect(codeOf(await market.request(entities(fields), btc, signedIn('VIEWER'))), fields).toBeUndefined();
    }
  });

  it('changes need the role and write:market, whatever else the key of an admin carries', async () => {
    const removeAsset = 'mutation { removeAsset(symbol: "XRP") }';
    const addAsset = 'mutation { addAsset(symbol: "XRP") { symbol } }';
    for (const scopes of [['read:market'], ['read:market', 'read:predictions', 'write:models', 'admin:users']]) {
      expect(codeOf(await market.request(removeAsset, {}, signedIn('ADMIN', scopes))), scopes.join()).toBe('FORBIDDEN');
      expect(codeOf(await market.request(addAsset, {}, signedIn('ADMIN', scopes))), scopes.join()).toBe('FORBIDDEN');
    }
    expect(codeOf(await market.request(removeAsset, {}, signedIn('ANALYST', ['write:market'])))).toBe('FORBIDDEN');
    expect((await market.request(addAsset, {}, signedIn('ANALYST', ['write:market']))).data).toEqual({ addAsset: { symbol: 'XRP' } });
    expect((await market.request(removeAsset, {}, signedIn('ADMIN', ['write:market']))).errors).toBeUndefined();
  });
});
