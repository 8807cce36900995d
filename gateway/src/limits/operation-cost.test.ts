import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationCost } from './operation-cost.js';

const schema = buildSchema(`
  type Candle { close: Float }
  type Asset { symbol: String candles(maxPoints: Int): [Candle!]! models: [Model!]! }
  type Model { id: ID owner: User }
  type User { id: ID }
  type PageInfo { hasNextPage: Boolean }
  type AssetEdge { node: Asset cursor: String }
  type AssetConnection { edges: [AssetEdge!]! pageInfo: PageInfo }
  type Query { assets(first: Int = 20): AssetConnection! asset(symbol: String): Asset me: User }
  type Mutation { createModel(name: String): Model }
`);

const cost = (query: string, variables?: Record<string, unknown>) => operationCost(schema, parse(query), undefined, variables);

describe('operationCost', () => {
  it('counts objects: scalars are free, a single object costs 1, the minimum is 1', () => {
    expect(cost('{ me { id } }')).toBe(1);
    expect(cost('{ __typename }')).toBe(1);
    expect(cost('{ asset(symbol: "BTC") { symbol } }')).toBe(1);
  });

  it('weights lists by maxPoints, and by the default when it is omitted', () => {
    expect(cost('{ asset(symbol: "BTC") { candles(maxPoints: 500) { close } } }')).toBe(1 + 500);
    expect(cost('{ asset(symbol: "BTC") { candles { close } } }')).toBe(1 + 1000);
  });

  it("applies a connection's first to its edges and multiplies nested lists, with variables and defaults", () => {
    // assets 1 + edges 50 + nodes 50 + candles 50 × 100 + pageInfo 1
    expect(cost('query($n: Int) { assets(first: $n) { edges { node { candles(maxPoints: 100) { close } } } pageInfo { hasNextPage } } }', { n: 50 })).toBe(
      1 + 50 + 50 + 5000 + 1,
    );
    expect(cost('{ assets { edges { node { symbol } } } }')).toBe(1 + 20 + 20);
    expect(cost('query($n: Int = 5) { assets(first: $n) { edges { node { models { owner { id } } } } } }')).toBe(1 + 5 + 5 + 50 + 50);
  });

  it('counts fragments and charges mutations extra', () => {
    expect(cost('{ asset(symbol: "X") { ...A } } fragment A on Asset { candles(maxPoints: 10) { close } }')).toBe(11);
    expect(cost('mutation { createModel(name: "x") { id } }')).toBe(11);
  });
});
