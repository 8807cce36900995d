import { composeServices } from '@apollo/composition';
import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apolloExecuteQueryPlan, useFastQueryPlanExecution } from './apollo-query-plan-execution.js';
import { createQueryPlanExecution, type ExecuteQueryPlan } from './query-plan-execution.js';

/**
 * Four subgraphs in the shape of The Guild's benchmark, plus what it lacks: @requires with nested selections, an
 * interface, lists of lists, nulls, and fields that fail.
 */
const users = [
  { id: '1', name: 'Ada', username: 'ada' },
  { id: '2', name: 'Bob', username: 'bob' },
  { id: '3', name: 'Cy', username: 'cy' },
];
const products = [
  { upc: '1', name: 'Table', price: 899, weight: 100, dimensions: { size: 'L', depth: 3 } },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000, dimensions: { size: 'XL', depth: 5 } },
  { upc: '3', name: 'Chair', price: 54, weight: 50, dimensions: null },
];
const reviews = [
  { id: '1', authorId: '1', upc: '1', body: 'Love it!' },
  { id: '2', authorId: '1', upc: '2', body: 'Too expensive.' },
  { id: '3', authorId: '2', upc: '3', body: 'Could be better.' },
  { id: '4', authorId: '3', upc: '1', body: 'Prefer something else.' },
  { id: '5', authorId: '2', upc: '9', body: 'A product nobody has.' },
  { id: 'bad', authorId: '3', upc: '2', body: 'broken' },
];

const subgraphs = [
  {
    name: 'accounts',
    typeDefs: `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
      type Query { me: User users: [User!]! }
      type User @key(fields: "id") { id: ID! name: String username: String }`,
    resolvers: {
      Query: { me: () => users[0], users: () => users },
      User: { __resolveReference: (reference: { id: string }) => users.find((user) => user.id === reference.id) ?? null },
    },
  },
  {
    name: 'products',
    typeDefs: `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
      type Query { topProducts(first: Int = 5): [Product] grid: [[Product]] item(upc: String!): Item }
      interface Item { upc: String! name: String }
      type Dimensions @shareable { size: String depth: Float }
      type Product implements Item @key(fields: "upc") { upc: String! name: String price: Int weight: Int dimensions: Dimensions }`,
    resolvers: {
      Query: {
        topProducts: (_: unknown, args: { first: number }) => products.slice(0, args.first),
        grid: () => [
          [products[0], null],
          [products[1], products[2]],
        ],
        item: (_: unknown, args: { upc: string }) => products.find((product) => product.upc === args.upc) ?? null,
      },
      Item: { __resolveType: () => 'Product' },
      Product: { __resolveReference: (reference: { upc: string }) => products.find((product) => product.upc === reference.upc) ?? null },
    },
  },
  {
    name: 'inventory',
    typeDefs: `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@shareable"])
      type Dimensions @shareable { size: String depth: Float }
      type Product @key(fields: "upc") {
        upc: String!
        weight: Int @external
        price: Int @external
        dimensions: Dimensions @external
        inStock: Boolean
        shippingEstimate: Int @requires(fields: "price weight dimensions { size }")
      }`,
    resolvers: {
      Product: {
        __resolveReference: (reference: { upc: string; price?: number; weight?: number; dimensions?: { size: string } | null }) => ({ ...reference }),
        inStock: (product: { upc: string }) => product.upc !== '2',
        shippingEstimate: (product: { price: number; weight: number; dimensions?: { size: string } | null }) => {
          if (product.dimensions === null) throw new GraphQLError('No dimensions to estimate from', { extensions: { code: 'ESTIMATE_FAILED' } });
          return product.price > 1000 ? 0 : product.weight * 0.5 + (product.dimensions?.size === 'L' ? 10 : 0);
        },
      },
    },
  },
  {
    name: 'reviews',
    typeDefs: `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Review { id: ID! body: String! author: User product: Product }
      type User @key(fields: "id") { id: ID! reviews: [Review] }
      type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
    resolvers: {
      Review: {
        author: (review: { authorId: string }) => ({ __typename: 'User', id: review.authorId }),
        product: (review: { upc: string }) => ({ __typename: 'Product', upc: review.upc }),
        body: (review: { id: string; body: string }) => {
          if (review.id === 'bad') throw new Error('This review cannot be read');
          return review.body;
        },
      },
      User: { reviews: (user: { id: string }) => reviews.filter((review) => review.authorId === user.id) },
      Product: { reviews: (product: { upc: string }) => reviews.filter((review) => review.upc === product.upc) },
    },
  },
];

const queries: [string, Record<string, unknown>][] = [
  [
    `fragment U on User { id username name } fragment R on Review { id body } fragment P on Product { inStock name price shippingEstimate upc weight }
     query TestQuery { users { ...U reviews { ...R product { ...P reviews { ...R author { ...U reviews { ...R product { ...P } } } } } } }
       topProducts { ...P reviews { ...R author { ...U reviews { ...R product { ...P } } } } } }`,
    {},
  ],
  [
    'query Top($n: Int, $withStock: Boolean!) { topProducts(first: $n) { upc ...on Product { stock: inStock @include(if: $withStock) } shippingEstimate } }',
    { n: 3, withStock: true },
  ],
  ['query Top($n: Int, $withStock: Boolean!) { topProducts(first: $n) { upc stock: inStock @include(if: $withStock) price } }', { n: 2, withStock: false }],
  ['{ grid { upc name inStock reviews { body author { name } } } }', {}],
  ['{ item(upc: "1") { __typename upc ... on Product { inStock shippingEstimate reviews { id } } } nothing: item(upc: "404") { upc } }', {}],
  ['{ me { __typename id name reviews { id body product { name shippingEstimate } } } }', {}],
  ['{ users { id reviews { id product { upc name inStock } } } __schema { queryType { name } } t: __typename }', {}],
];

describe('query plan execution (a port of @apollo/gateway 2.14.4 executeQueryPlan)', () => {
  let gateway: ApolloGateway;
  let executor: GatewayExecutor;
  let apiSchema: GraphQLSchema;
  let captured: Parameters<ExecuteQueryPlan> | undefined;

  beforeAll(async () => {
    const composed = composeServices(subgraphs.map(({ name, typeDefs }) => ({ name, url: `http://${name}.invalid/graphql`, typeDefs: parse(typeDefs) })));
    if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join('\n'));
    const schemas = Object.fromEntries(
      subgraphs.map(({ name, typeDefs, resolvers }) => [name, buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as never })]),
    );
    gateway = new ApolloGateway({
      supergraphSdl: composed.supergraphSdl,
      buildService: ({ name }) => new LocalGraphQLDataSource(schemas[name]!),
      experimental_didResolveQueryPlan: ({ queryPlan, serviceMap, requestContext, operationContext }) => {
        const internals = gateway as unknown as { supergraphSchema: GraphQLSchema; apiSchema: Parameters<ExecuteQueryPlan>[5] };
        captured = [queryPlan, serviceMap, requestContext, operationContext as never, internals.supergraphSchema, internals.apiSchema, undefined];
      },
    });
    const loaded = await gateway.load();
    executor = loaded.executor!;
    apiSchema = loaded.schema;
  });
  afterAll(() => gateway.stop());

  const requestContext = (query: string, variables: Record<string, unknown>): GatewayGraphQLRequestContext => {
    const document = parse(query);
    return {
      request: { query, variables },
      document,
      source: query,
      queryHash: query,
      operationName: null,
      metrics: {},
      context: {},
      schema: apiSchema,
      cache: undefined as never,
      logger: console as never,
      overallCachePolicy: undefined as never,
    } as never;
  };
  const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

  it('is installed for the @apollo/gateway version it was written against', () => {
    expect(useFastQueryPlanExecution()).toBe(true);
    expect(useFastQueryPlanExecution()).toBe(true);
  });

  it.each(queries)('answers exactly as Apollo does (data, errors with paths and codes): %s', async (query, variables) => {
    useFastQueryPlanExecution();
    captured = undefined;
    const ours = await executor(requestContext(query, variables));
    expect(captured).toBeDefined();
    const [plan, serviceMap, , operationContext, supergraphSchema, api] = captured!;
    const apollos = await apolloExecuteQueryPlan(plan, serviceMap, requestContext(query, variables), operationContext, supergraphSchema, api);
    expect(json(ours)).toEqual(json(apollos));
    expect((ours.data as Record<string, unknown> | undefined) ?? null).not.toBeNull();
  });

  it('reports a subgraph error at the path of the entity it concerns, and a failed @requires field as null with its error', async () => {
    useFastQueryPlanExecution();
    const result = await executor(requestContext('{ topProducts { upc shippingEstimate reviews { id body } } }', {}));
    const errors = json(result.errors) as { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    expect(errors.find((error) => error.extensions?.code === 'ESTIMATE_FAILED')?.path).toEqual(['topProducts', 2, 'shippingEstimate']);
    expect(errors.find((error) => error.message === 'This review cannot be read')?.path).toEqual(['topProducts', 1, 'reviews', 1, 'body']);
  });

  it('hands requests that capture usage-reporting traces to Apollo, which builds the trace', async () => {
    const calls: unknown[] = [];
    const apollo: ExecuteQueryPlan = async (...args) => {
      calls.push(args[2]);
      return { data: { from: 'apollo' } };
    };
    const execute = createQueryPlanExecution(apollo);
    const context = { ...requestContext('{ me { id } }', {}), metrics: { captureTraces: true } } as GatewayGraphQLRequestContext;
    await expect(execute({ kind: 'QueryPlan' }, {}, context, {} as never, apiSchema, {} as never)).resolves.toEqual({ data: { from: 'apollo' } });
    expect(calls).toEqual([context]);
  });
});
