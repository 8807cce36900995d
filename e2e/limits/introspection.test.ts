// Introspection is refused with NODE_ENV=production and allowed again in production with GRAPHQL_INTROSPECTION=true.
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlainStack, type TestStack } from '../support/stack.js';

let production: TestStack;
let productionWithIntrospection: TestStack;

beforeAll(async () => {
  [production, productionWithIntrospection] = await Promise.all([
    startPlainStack({ NODE_ENV: 'production' }),
    startPlainStack({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }),
  ]);
});

afterAll(async () => {
  await Promise.all([production?.stop(), productionWithIntrospection?.stop()]);
});

describe('introspection in production', () => {
  it('is refused by default, with BAD_USER_INPUT, for __schema and __type', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "User") { name fields { name } } }', getIntrospectionQuery()]) {
      const result = await production.graphql(query);
      expect(result.status, query.slice(0, 40)).toBe(400);
      expect(result.body.data ?? null).toBeNull();
      expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.body.errors?.[0]?.message).toMatch(/introspection/i);
      expect(JSON.stringify(result.body)).not.toContain('"Mutation"');
    }
  });

  it('still serves ordinary operations and __typename', async () => {
    const result = await production.graphql('{ __typename me { id } }');
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({ __typename: 'Query', me: null });
  });

  it('is allowed with GRAPHQL_INTROSPECTION=true', async () => {
    const result = await productionWithIntrospection.graphql(getIntrospectionQuery());
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    const types = (result.body.data as any).__schema.types.map((type: { name: string }) => type.name);
    expect(types).toEqual(expect.arrayContaining(['User', 'Asset', 'Model', 'AuthPayload']));
    expect(types).not.toContain('join__Graph');
  });
});
