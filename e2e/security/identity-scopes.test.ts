// API key scopes hold on every field, over HTTP and WebSocket: a key never does more than its scopes say, even when its owner is an
// admin, and never reaches another service's data through a join (a read:predictions key cannot read candles via a model's asset).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlWsClient, graphqlWsUrl, runOverSocket } from '@cryptograph/testing';
import { createApiKey } from '../api/api-operations.js';
import { accountWithRole, logInAdmin, signUp, type Account } from '../support/accounts.js';
import { createModelMutation } from '../support/operations.js';
import { startE2eStack, type TestStack } from '../support/stack.js';

/** One attack: an operation sent with a key of `scopes` owned by a user of `ownerRole`, and what must come back. */
interface ScopeRow {
  readonly attack: string;
  readonly ownerRole: 'ADMIN' | 'ANALYST';
  readonly scopes: string[];
  readonly operation: string;
  /** `FORBIDDEN` on `field` (the last element of the error's path), or data that must come back (e.g. an email hidden as null). */
  readonly expected: { readonly code: 'FORBIDDEN'; readonly field: string } | { readonly data: (fixture: Fixture) => unknown };
}

/** What the rows refer to. */
interface Fixture {
  readonly other: Account;
}

const rows: ScopeRow[] = [
  { attack: 'a read:market key of an admin removes an asset', ownerRole: 'ADMIN', scopes: ['read:market'], operation: 'mutation { removeAsset(symbol: "DOGE") }', expected: { code: 'FORBIDDEN', field: 'removeAsset' } },
  { attack: 'a read:market key of an admin adds an asset', ownerRole: 'ADMIN', scopes: ['read:market'], operation: 'mutation { addAsset(symbol: "DOGE") { symbol } }', expected: { code: 'FORBIDDEN', field: 'addAsset' } },
  { attack: 'a read:market key of an admin changes its owner', ownerRole: 'ADMIN', scopes: ['read:market'], operation: 'mutation { updateMe(input: { username: "taken_over" }) { username } }', expected: { code: 'FORBIDDEN', field: 'updateMe' } },
  { attack: 'a read:market key of an admin lists users', ownerRole: 'ADMIN', scopes: ['read:market'], operation: '{ users { totalCount } }', expected: { code: 'FORBIDDEN', field: 'users' } },
  {
    attack: "a read:market key of an admin reads another user's email",
    ownerRole: 'ADMIN',
    scopes: ['read:market'],
    operation: 'query Other { other: user(id: "$OTHER") { id email } }',
    expected: { data: (fixture) => ({ other: { id: fixture.other.id, email: null } }) },
  },
  { attack: 'a read:predictions key reads candles through a model\'s asset', ownerRole: 'ANALYST', scopes: ['read:predictions'], operation: '{ models(first: 1) { edges { node { asset { symbol candles(interval: D1) { close } } } } } }', expected: { code: 'FORBIDDEN', field: 'candles' } },
  { attack: 'a read:predictions key reads the latest price through a model\'s asset', ownerRole: 'ANALYST', scopes: ['read:predictions'], operation: '{ models(first: 1) { edges { node { asset { latestPrice { price } } } } } }', expected: { code: 'FORBIDDEN', field: 'latestPrice' } },
  { attack: 'a read:predictions key creates a model', ownerRole: 'ANALYST', scopes: ['read:predictions'], operation: 'mutation { createModel(input: { name: "by key", symbol: "BTC", target: VOLATILITY, algorithm: NAIVE, interval: D1, horizon: 1 }) { id } }', expected: { code: 'FORBIDDEN', field: 'createModel' } },
];

let stack: TestStack;
const fixture = {} as { other: Account };
const keys = new Map<string, string>();

beforeAll(async () => {
  stack = await startE2eStack();
  const admin = await logInAdmin(stack);
  const analyst = await accountWithRole(stack, admin, 'ANALYST', 'scopeanalyst');
  const model = await stack.graphql(createModelMutation, { input: { name: 'scope model', symbol: 'BTC', target: 'VOLATILITY', algorithm: 'NAIVE', interval: 'D1', horizon: 1 } }, { token: analyst.accessToken });
  expect(model.body.errors).toBeUndefined();
  fixture.other = await signUp(stack, 'scopeother');
  const owners = { ADMIN: admin, ANALYST: analyst };
  for (const row of rows) {
    const label = `${row.ownerRole}:${row.scopes.join(',')}`;
    if (!keys.has(label)) keys.set(label, (await createApiKey(stack, owners[row.ownerRole].accessToken, row.scopes)).key);
  }
});

afterAll(async () => {
  await stack?.stop();
});

type Result = { data?: Record<string, unknown> | null; errors?: readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] };

function expectOutcome(row: ScopeRow, result: Result): void {
  if ('data' in row.expected) {
    expect(result.errors, row.attack).toBeUndefined();
    expect(result.data, row.attack).toEqual(row.expected.data(fixture));
    return;
  }
  const refusal = result.errors?.find((error) => error.path?.at(-1) === (row.expected as { field: string }).field);
  expect(refusal?.extensions?.code, `${row.attack}: ${JSON.stringify(result.errors)}`).toBe('FORBIDDEN');
}

const operationOf = (row: ScopeRow) => row.operation.replace('$OTHER', fixture.other.id);
const keyOf = (row: ScopeRow) => keys.get(`${row.ownerRole}:${row.scopes.join(',')}`)!;

describe('API key scopes over HTTP', () => {
  for (const row of rows) {
    it(row.attack, async () => {
      const response = await stack.graphql(operationOf(row), {}, { headers: { authorization: `ApiKey ${keyOf(row)}` } });
      expectOutcome(row, response.body);
    });
  }
});

describe('API key scopes over WebSocket', () => {
  for (const row of rows) {
    it(row.attack, async () => {
      const client = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { connectionParams: { authorization: `ApiKey ${keyOf(row)}` } });
      try {
        const outcome = await runOverSocket(client, { query: operationOf(row) });
        if ('result' in outcome) expectOutcome(row, outcome.result as Result);
        else expectOutcome(row, { errors: Array.isArray(outcome.error) ? outcome.error : [] });
      } finally {
        await client.dispose();
      }
    });
  }
});

describe('the same operations with a session token of the same owner', () => {
  it('pass where the role allows (the scopes, not the roles, refused them above)', async () => {
    const admin = await logInAdmin(stack);
    const removal = await stack.graphql('{ users { totalCount } }', {}, { token: admin.accessToken });
    expect(removal.body.errors).toBeUndefined();
    const email = await stack.graphql(`{ user(id: "${fixture.other.id}") { email } }`, {}, { token: admin.accessToken });
    expect(email.body.data.user.email).toBe(fixture.other.email);
  });
});
