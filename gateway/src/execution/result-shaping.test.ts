import {
  buildSchema,
  isCompositeType,
  isEnumType,
  isListType,
  isNonNullType,
  isScalarType,
  operationFromDocument,
  Supergraph,
  type NamedType,
  type Operation,
  type OutputType,
  type Schema,
  type SelectionSet,
} from '@apollo/federation-internals';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadSupergraphSdl } from '../supergraph/load-supergraph.js';
import { reproducedApolloGatewayVersion } from './apollo-gateway-internals.js';
import { apolloComputeResponse, useFastResultShaping } from './apollo-result-shaping.js';
import { computeResponse, type ComputeResponseInput } from './result-shaping.js';

/** A schema with what our supergraph lacks: interfaces, unions, enums, a custom scalar, non-null lists of non-null items. */
const shapes = buildSchema(`
  scalar Json
  enum Color { RED GREEN }
  interface Node { id: ID! }
  type Shop implements Node { id: ID! name: String! items: [Item!]! owner: Person tags: [String] }
  type Person implements Node { id: ID! name: String age: Int score: Float active: Boolean! favorite: Color meta: Json friends: [Person!] }
  type Item { sku: ID! price: Float! colors: [Color!]! }
  union Thing = Shop | Person
  type Query { node(id: ID!): Node  things: [Thing]!  shop: Shop!  people: [Person!]  matrix: [[Int!]]  version: String! }
`);
const api = Supergraph.build(loadSupergraphSdl(undefined)).apiSchema();

const shapesOperations: [string, Record<string, unknown>][] = [
  ['{ shop { id name items { sku price colors } owner { name age } tags } version }', {}],
  [
    'query($skip: Boolean!, $keep: Boolean = true) { shop { id @skip(if: $skip) label: name items @include(if: $keep) { sku } } people @skip(if: true) { id } }',
    { skip: false },
  ],
  ['query($skip: Boolean!) { shop { id @skip(if: $skip) name } }', { skip: true }],
  ['{ node(id: "1") { id __typename ... on Shop { name items { sku } } ... on Person { name friends { id name } } } }', {}],
  ['{ things { __typename ...ShopFields ... on Person { age score active favorite meta } } } fragment ShopFields on Shop { id owner { id } }', {}],
  ['{ people { id ... on Node { id } ...P } matrix t: __typename } fragment P on Person { name favorite }', {}],
];
const apiOperations: [string, Record<string, unknown>][] = [
  [
    'query Q($first: Int) { assets(first: $first) { edges { node { symbol name active latestPrice { price ts source } candles(interval: D1) { ts open close simulated } } cursor } pageInfo { hasNextPage endCursor } } }',
    { first: 3 },
  ],
  [
    '{ models(first: 5) { edges { node { id name target owner { id username role } asset { symbol } productionVersion { version metrics { r2Test skill } } } } } me { id email } }',
    {},
  ],
];

/** A small deterministic random generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An answer as subgraphs might merge it for `selectionSet`: every selected field, sometimes
 * missing or null (also where the schema says non-null), sometimes with a wrong `__typename` or a
 * value of the wrong kind, plus fields nobody selected.
 */
function generate(schema: Schema, type: OutputType, selectionSet: SelectionSet | undefined, rand: () => number, depth: number): unknown {
  if (rand() < 0.06) return null;
  if (isNonNullType(type)) return generate(schema, type.ofType, selectionSet, rand, depth);
  if (isListType(type))
    return Array.from({ length: depth > 4 ? 0 : Math.floor(rand() * 4) }, () => generate(schema, type.ofType, selectionSet, rand, depth + 1));
  const named = type as NamedType;
  if (isCompositeType(named)) {
    const runtime = named.kind === 'ObjectType' ? [named] : [...(named.kind === 'UnionType' ? named.types() : named.possibleRuntimeTypes())];
    const concrete = runtime[Math.floor(rand() * runtime.length)]!;
    const object: Record<string, unknown> = { unselected: 'x' };
    const roll = rand();
    if (roll < 0.75) object.__typename = concrete.name;
    else if (roll < 0.78) object.__typename = 'NoSuchType';
    else if (roll < 0.8) object.__typename = 'String';
    fill(schema, object, selectionSet!, concrete.name, rand, depth + 1);
    return object;
  }
  const invalid = rand() < 0.04;
  if (isEnumType(named)) return invalid ? 'PURPLE' : named.values[0]!.name;
  if (!isScalarType(named)) return null;
  switch (named.name) {
    case 'Int':
      return invalid ? [1.5, '7', 1e21][Math.floor(rand() * 3)] : Math.floor(rand() * 2000) - 1000;
    case 'Float':
      return invalid ? 'NaN' : rand() * 100;
    case 'Boolean':
      return invalid ? 1 : rand() < 0.5;
    case 'String':
    case 'ID':
      return invalid ? { no: 'string' } : rand() < 0.5 ? 'text' : 12;
    default:
      return rand() < 0.5 ? { any: ['json'] } : 'custom';
  }
}

function fill(schema: Schema, object: Record<string, unknown>, selectionSet: SelectionSet, typename: string, rand: () => number, depth: number): void {
  for (const selection of selectionSet.selections()) {
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      if (field.name === '__typename') {
        if (field.responseName() !== '__typename' && rand() < 0.5) object[field.responseName()] = typename;
        continue;
      }
      if (rand() < 0.03) continue;
      object[field.responseName()] = generate(schema, field.definition.type!, selection.selectionSet, rand, depth);
    } else {
      const condition = selection.element.typeCondition;
      if (!condition || condition.name === typename || rand() < 0.3) fill(schema, object, selection.selectionSet, typename, rand, depth);
    }
  }
}

/** Both implementations on one input: the same data (key order included), the same errors, or the same failure. */
function compare(operation: Operation, variables: Record<string, unknown>, input: Record<string, unknown>) {
  const run = (shape: (args: ComputeResponseInput) => { data: unknown; errors: { message: string; extensions: unknown; path?: unknown }[] }) => {
    try {
      const { data, errors } = shape({ operation, variables, input, introspectionHandling: () => ({ introspected: true }) });
      return { data: JSON.stringify(data), errors: errors.map((error) => ({ message: error.message, path: error.path, extensions: error.extensions })) };
    } catch (error) {
      return { threw: (error as Error).message };
    }
  };
  return { apollo: run(apolloComputeResponse as never), ours: run(computeResponse as never) };
}

describe('result shaping', () => {
  it(`is written against @apollo/gateway ${reproducedApolloGatewayVersion}, and replaces its computeResponse`, () => {
    expect(useFastResultShaping()).toBe(true);
  });

  it('shapes exactly as Apollo does, on thousands of generated answers, valid and broken', () => {
    let compared = 0;
    let withErrors = 0;
    for (const [schema, operations] of [
      [shapes, shapesOperations],
      [api, apiOperations],
    ] as const) {
      for (const [text, variables] of operations) {
        const operation = operationFromDocument(schema, parse(text));
        const root = schema.schemaDefinition.rootType(operation.rootKind)!;
        for (let seed = 1; seed <= 400; seed++) {
          const rand = random(seed);
          const input: Record<string, unknown> = {};
          fill(schema, input, operation.selectionSet, root.name, rand, 0);
          const { apollo, ours } = compare(operation, variables, input);
          expect(ours, `${text} with seed ${seed}`).toEqual(apollo);
          compared += 1;
          if ((apollo.errors?.length ?? 0) > 0) withErrors += 1;
        }
      }
    }
    // The generated answers exercise the error paths too, not only the happy one.
    expect(withErrors).toBeGreaterThan(compared / 10);
    expect(withErrors).toBeLessThan(compared);
  });

  it('keeps the output details: objects inheriting nothing, aliases in selection order, nulls bubbling to the nearest nullable field', () => {
    const operation = operationFromDocument(shapes, parse('{ shop { b: name a: id items { sku price } } version }'));
    // Subgraph answers are keyed by response names (aliases), as the gateway's fetches ask for them.
    const input = { shop: { a: '1', b: 'n', items: [{ sku: 's', price: null }] }, version: 'v' };
    const apollo = apolloComputeResponse({ operation, variables: {}, input, introspectionHandling: () => null });
    const ours = computeResponse({ operation, variables: {}, input, introspectionHandling: () => null });
    expect(JSON.stringify(ours.data)).toBe(JSON.stringify(apollo.data));
    // shop is non-null: the null price (non-null) nulls the whole answer.
    expect(ours.data).toBeNull();
    expect(ours.errors.map((error) => error.message)).toEqual(['Cannot return null for non-nullable field Item.price.']);
    const valid = computeResponse({
      operation,
      variables: {},
      input: { shop: { a: '1', b: 'n', items: [] }, version: 'v' },
      introspectionHandling: () => null,
    });
    const shop = (valid.data as { shop: Record<string, unknown> }).shop;
    expect(Object.keys(shop)).toEqual(['b', 'a', 'items']);
    // Nothing inherited: no toString, no constructor, no __proto__ accessor.
    expect([shop.toString, shop.constructor, shop.hasOwnProperty]).toEqual([undefined, undefined, undefined]);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(shop))).toBeNull();
    expect(Object.getOwnPropertyNames(Object.getPrototypeOf(shop))).toEqual([]);
  });

  it('keeps response names that are special in JavaScript as plain fields', () => {
    const operation = operationFromDocument(
      shapes,
      parse('{ shop { __proto__: name constructor: id toString: tags hasOwnProperty: owner { name } } version }'),
    );
    const input = { shop: { ['__proto__']: 'polluted?', constructor: '1', toString: ['t'], hasOwnProperty: { name: 'n' } }, version: 'v' };
    Object.defineProperty(input.shop, '__proto__', { value: 'polluted?', enumerable: true });
    const apollo = apolloComputeResponse({ operation, variables: {}, input, introspectionHandling: () => null });
    const ours = computeResponse({ operation, variables: {}, input, introspectionHandling: () => null });
    expect(JSON.stringify(ours.data)).toBe(JSON.stringify(apollo.data));
    expect(JSON.parse(JSON.stringify(ours.data))).toEqual({
      shop: { ['__proto__']: 'polluted?', constructor: '1', toString: ['t'], hasOwnProperty: { name: 'n' } },
      version: 'v',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
