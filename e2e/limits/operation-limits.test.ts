// Operation limits (depth, aliases, tokens, directives, and the one argument-aware cost through its alias
// GRAPHQL_MAX_COST) with small overrides, plus batching, CSRF prevention, hidden suggestions and introspection in
// development.
import { beforeAll, describe, expect, it } from 'vitest';
import { signUp, type Account } from '../support/accounts.js';
import { aliasedMe, countTokens, documentWithTokens, meWithDirectives } from '../support/documents.js';
import { postRaw, startPlainStack, stopStackAfterAll, type TestStack } from '../support/stack.js';

let stack: TestStack;
let viewer: Account;

beforeAll(async () => {
  stack = await startPlainStack({
    NODE_ENV: 'development',
    GRAPHQL_MAX_DEPTH: '4',
    GRAPHQL_MAX_ALIASES: '3',
    GRAPHQL_MAX_TOKENS: '200',
    GRAPHQL_MAX_DIRECTIVES: '2',
    GRAPHQL_MAX_COST: '50',
  });
  viewer = await signUp(stack, 'limits');
});

stopStackAfterAll(() => stack);

type Response = { status: number; body: any };

function run(query: string, operationName?: string): Promise<Response> {
  return postRaw(`${stack.gatewayUrl}/graphql`, JSON.stringify({ query, operationName }), {
    'content-type': 'application/json',
    authorization: `Bearer ${viewer.accessToken}`,
  });
}

function expectAnswered(result: Response, label: string): void {
  expect(result.status, label).toBe(200);
  expect(result.body.errors, label).toBeUndefined();
  expect(result.body.data, label).toBeTruthy();
}

function expectRejected(result: Response, label: string, message: RegExp, reason: string): void {
  expect(result.body.data ?? null, label).toBeNull();
  expect(result.body.errors, label).toHaveLength(1);
  const [error] = result.body.errors;
  expect(error.extensions, label).toEqual({ code: 'BAD_USER_INPUT', reason });
  expect(error.message, label).toMatch(message);
  expect(result.status, label).toBe(400);
}

/** A refusal by the cost limit: BAD_USER_INPUT with the computed cost and the limit. */
function expectCostRejected(result: Response, cost: number, limit: number): void {
  expect(result.body.data ?? null).toBeNull();
  expect(result.body.errors).toHaveLength(1);
  expect(result.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', cost, limit });
  expect(result.body.errors[0].message).toContain(`costs ${cost}, more than the limit of ${limit}`);
  expect(result.status).toBe(400);
}

describe('operation limits', () => {
  it('depth: 4 levels pass, 5 are rejected naming the depth limit', async () => {
    const under = await run('{ asset(symbol: "BTC") { models { owner { id } } } }');
    expectAnswered(under, 'depth 4');
    expect(under.body.data.asset.models).toEqual([]);
    expectRejected(await run('{ models(first: 1) { edges { node { owner { id } } } } }'), 'depth 5', /depth limit of 4/i, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('depth: fragments do not hide depth', async () => {
    const query = '{ models(first: 1) { ...M } } fragment M on ModelConnection { edges { node { owner { id } } } }';
    expectRejected(await run(query), 'depth via fragment', /depth limit of 4/i, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('aliases: 3 pass, 4 are rejected naming the aliases limit', async () => {
    const under = await run(aliasedMe(3));
    expectAnswered(under, '3 aliases');
    expect(under.body.data.a2.id).toBe(viewer.id);
    expectRejected(await run(aliasedMe(4)), '4 aliases', /aliases limit of 3/i, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('tokens: 200 pass, 201 are rejected before parsing completes, naming the token limit', async () => {
    const under = documentWithTokens(200);
    const over = documentWithTokens(201);
    expect(countTokens(under)).toBe(200);
    expect(countTokens(over)).toBe(201);
    const answered = await run(under, 'Q0');
    expectAnswered(answered, '200 tokens');
    expect(answered.body.data.me.id).toBe(viewer.id);
    expectRejected(await run(over, 'Q0'), '201 tokens', /200 tokens/i, 'GRAPHQL_PARSE_FAILED');
  });

  it('directives: 2 pass, 3 are rejected naming the directives limit', async () => {
    const under = await run(meWithDirectives(2));
    expectAnswered(under, '2 directives');
    expect(under.body.data.me.username).toBe(viewer.username);
    expectRejected(await run(meWithDirectives(3)), '3 directives', /directives limit of 2/i, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('cost (GRAPHQL_MAX_COST, the alias of GRAPHQL_MAX_OPERATION_COST): cost 49 passes, cost 51 is rejected with the cost and the limit', async () => {
    // models 1 + edges 24 + nodes 24 = 49; with first: 25, 51.
    const under = await run('{ models(first: 24) { edges { node { id } } } }');
    expectAnswered(under, 'cost 49');
    expect(under.body.extensions.cost).toMatchObject({ requested: 49, limit: 50 });
    expectCostRejected(await run('{ models(first: 25) { edges { node { id } } } }'), 51, 50);
  });

  it('cost: the page size may come from a variable, and a large one multiplies the cost', async () => {
    const query = 'query Models($n: Int) { models(first: $n) { edges { node { id } } } }';
    const result = await postRaw(`${stack.gatewayUrl}/graphql`, JSON.stringify({ query, variables: { n: 100 } }), {
      'content-type': 'application/json',
      authorization: `Bearer ${viewer.accessToken}`,
    });
    expectCostRejected(result, 201, 50);
  });

  it('scalars are free: a wide selection of one object costs 1, whatever its width', async () => {
    const wide = await run('{ me { id username email role active createdAt a: id b: username c: role } }');
    expectAnswered(wide, 'wide me');
    expect(wide.body.extensions.cost.requested).toBe(1);
  });

  it('the gateway still answers after rejected operations', async () => {
    expectAnswered(await run('{ me { id } }'), 'after rejections');
  });
});

describe('HTTP protections', () => {
  it('refuses batched requests (a JSON array body) without running them', async () => {
    const batch = JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { username } }' }]);
    const result = await postRaw(`${stack.gatewayUrl}/graphql`, batch, { 'content-type': 'application/json', authorization: `Bearer ${viewer.accessToken}` });
    expect(result.status).toBe(400);
    expect(result.text).not.toContain(viewer.id);
    expect(result.text).toMatch(/batch/i);
  });

  it('refuses a GET without content-type or preflight header (CSRF prevention), answers it with the preflight header', async () => {
    const url = `${stack.gatewayUrl}/graphql?query=${encodeURIComponent('{ me { id } }')}`;
    const simple = await fetch(url, { headers: { authorization: `Bearer ${viewer.accessToken}` } });
    const simpleText = await simple.text();
    expect(simple.status).toBe(400);
    expect(simpleText).not.toContain(viewer.id);
    expect(simpleText).toMatch(/CSRF|preflight/i);

    const preflighted = await fetch(url, { headers: { authorization: `Bearer ${viewer.accessToken}`, 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(((await preflighted.json()) as any).data.me.id).toBe(viewer.id);
  });

  it('refuses a text/plain POST (a CSRF "simple request") without running it', async () => {
    const result = await postRaw(`${stack.gatewayUrl}/graphql`, JSON.stringify({ query: '{ me { id } }' }), {
      'content-type': 'text/plain',
      authorization: `Bearer ${viewer.accessToken}`,
    });
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.status).toBeLessThan(500);
    expect(result.text).not.toContain(viewer.id);
  });

  it('hides field suggestions', async () => {
    const result = await run('{ mee }');
    expectRejected(result, 'mee', /Cannot query field "mee"/, 'GRAPHQL_VALIDATION_FAILED');
    expect(result.body.errors[0].message).not.toMatch(/did you mean/i);
    const typo = await run('{ me { usrname } }');
    expect(typo.body.errors[0].message).not.toMatch(/did you mean|username/i);
  });

  it('allows introspection in development', async () => {
    const result = await run('{ __schema { queryType { name } } }');
    expectAnswered(result, 'introspection');
    expect(result.body.data.__schema.queryType.name).toBe('Query');
    const type = await run('{ __type(name: "User") { name } }');
    expect(type.body.data.__type.name).toBe('User');
  });
});
