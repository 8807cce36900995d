import { Supergraph } from '@apollo/federation-internals';
import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadSupergraphSdl } from '../supergraph/load-supergraph.js';
import { publicDataPolicy } from './public-data-policy.js';

const schema = Supergraph.build(loadSupergraphSdl(undefined)).apiSchema().toGraphQLJSSchema();

function dependencies(query: string, variables: Record<string, unknown> = {}, personal: ReadonlySet<string> = new Set()) {
  const document = parse(query);
  return publicDataPolicy(schema, personal).dependenciesOf(document, getOperationAST(document)!, variables);
}

describe('the public data policy', () => {
  it('accepts assets, candles and the provider catalog, through fragments, with __typename', () => {
    expect(dependencies('{ assets(first: 5) { edges { node { symbol name quote active __typename } cursor } pageInfo { hasNextPage endCursor } } }')).toEqual({
      catalog: true,
      candles: [],
    });
    expect(dependencies('{ providerAssets { symbol tracked } }')).toEqual({ catalog: true, candles: [] });
    expect(
      dependencies(
        'query { ...C } fragment C on Query { candles(symbol: " btc ", interval: H1, from: "2024-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z") { ts close simulated } }',
      ),
    ).toEqual({
      catalog: false,
      candles: [{ symbol: 'BTC', from: Date.parse('2024-01-01T00:00:00Z'), to: Date.parse('2024-01-02T00:00:00Z') }],
    });
  });

  it('reads candle ranges from variables; missing ends are unbounded and nested candles belong to any asset', () => {
    expect(
      dependencies('query($s: String!, $to: DateTime) { candles(symbol: $s, interval: D1, to: $to) { ts } }', { s: 'eth', to: '2024-03-01T00:00:00Z' }),
    ).toEqual({
      catalog: false,
      candles: [{ symbol: 'ETH', from: Number.NEGATIVE_INFINITY, to: Date.parse('2024-03-01T00:00:00Z') }],
    });
    expect(dependencies('{ asset(symbol: "BTC") { symbol candles(interval: M1, from: "2024-01-01T00:00:00Z") { ts } } }')).toEqual({
      catalog: true,
      candles: [{ symbol: null, from: Date.parse('2024-01-01T00:00:00Z'), to: Number.POSITIVE_INFINITY }],
    });
  });

  it('refuses anything else: prices, predictions, users, introspection, mutations', () => {
    expect(dependencies('{ assets { edges { node { symbol latestPrice { price } } } } }')).toBeNull();
    expect(dependencies('{ latestPrice(symbol: "BTC") { price } }')).toBeNull();
    expect(dependencies('{ me { id email } }')).toBeNull();
    expect(dependencies('{ models(first: 2) { edges { node { id } } } }')).toBeNull();
    expect(dependencies('{ asset(symbol: "BTC") { latestPrediction(target: VOLATILITY) { value } } }')).toBeNull();
    expect(dependencies('{ __schema { types { name } } }')).toBeNull();
    expect(dependencies('{ marketFeed { time } }')).toBeNull();
    expect(dependencies('mutation { removeAsset(symbol: "BTC") }')).toBeNull();
  });

  it('refuses a listed field once it is tagged personal', () => {
    expect(dependencies('{ providerAssets { symbol } }', {}, new Set(['ProviderAsset.symbol']))).toBeNull();
  });
});
