// Security table, production mode (NODE_ENV=production, introspection off): introspection is refused however it is dressed up (aliased, in a
// fragment, `__type`), over HTTP, graphql-ws and graphql-sse (both modes) alike, while `__typename` and ordinary operations run.
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, expect } from 'vitest';
import { answered, answeredWith, attack, refused, runAttackTable, type AttackRow } from '../support/attack-table.js';
import { startPlainStack, type TestStack } from '../support/stack.js';

interface Context {
  readonly stack: TestStack;
}

let context: Context;

beforeAll(async () => {
  context = { stack: await startPlainStack({ NODE_ENV: 'production' }) };
});

afterAll(async () => {
  await context?.stack.stop();
});

const anonymous = () => ({});
const introspectionRefused = refused('BAD_USER_INPUT', { message: /introspection/i });

const rows: AttackRow<Context>[] = [
  attack('control: __typename and an ordinary query run', anonymous, { query: '{ __typename me { id } }' }, answeredWith({ __typename: 'Query', me: null })),
  attack('the full introspection query', anonymous, { query: getIntrospectionQuery() }, introspectionRefused),
  attack('__schema', anonymous, { query: '{ __schema { queryType { name } } }' }, introspectionRefused),
  attack('__type', anonymous, { query: '{ __type(name: "User") { name fields { name } } }' }, introspectionRefused),
  attack('__schema under an alias', anonymous, { query: '{ schema: __schema { types { name } } }' }, introspectionRefused),
  attack('__schema inside a fragment', anonymous, { query: '{ ...F } fragment F on Query { __schema { types { name } } }' }, introspectionRefused),
  attack('__schema inside an inline fragment', anonymous, { query: '{ ... on Query { __type(name: "Mutation") { fields { name } } } }' }, introspectionRefused),
  attack(
    'an unknown field gets no suggestion in production either',
    anonymous,
    { query: '{ asets { totalCount } }' },
    answered((outcome) => {
      expect(outcome.errors.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(outcome.errors[0]!.message).not.toMatch(/did you mean|assets/i);
    }),
  ),
];

runAttackTable(
  'production mode over every transport',
  () => context,
  (c) => c.stack.gatewayUrl,
  rows,
);
