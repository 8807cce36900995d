// A failing users subgraph (HTTP 500, garbage, closed socket, internal error, timeout) gives DOWNSTREAM_SERVICE_ERROR
// naming it, without leaks, while other subgraphs' data still arrives for callers whose session the gateway already
// checked; a caller it has not seen cannot be checked and is refused the same way (never let in unchecked).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type Account } from '../support/accounts.js';
import { startCustomGateway, type CustomGateway } from '../support/custom-gateway.js';
import { startFakeSubgraph, type FakeSubgraph, type FakeSubgraphMode } from '../support/fake-subgraph.js';
import { getJson, postRaw, startPlainStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let fake: FakeSubgraph;
let gateway: CustomGateway;
let viewer: Account;

beforeAll(async () => {
  stack = await startPlainStack();
  viewer = await signUp(stack, 'downstream');
  fake = await startFakeSubgraph('forward', stack.subgraphUrls.users);
  gateway = await startCustomGateway(stack, { users: fake.url }, { SUBGRAPH_TIMEOUT_MS: '1000' });
  // While the users subgraph still answers, the gateway checks the viewer's token and session once.
  expect((await query('{ me { username } }')).body.data).toEqual({ me: { username: viewer.username } });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
  await stack?.stop();
});

function query(body: string) {
  return postRaw(`${gateway.url}/graphql`, JSON.stringify({ query: body }), {
    'content-type': 'application/json',
    authorization: `Bearer ${viewer.accessToken}`,
  });
}

const modes: FakeSubgraphMode[] = ['status-500', 'garbage', 'close-socket', 'internal-error', 'hang'];

describe('a failing users subgraph', () => {
  it('the same query works through the real stack (control)', async () => {
    const result = await stack.graphql('{ me { username } asset(symbol: "BTC") { name } }', {}, { token: viewer.accessToken });
    expect(result.body).toEqual({ data: { me: { username: viewer.username }, asset: { name: 'Bitcoin' } }, extensions: { cost: expect.any(Object) } });
  });

  for (const mode of modes) {
    it(`${mode}: DOWNSTREAM_SERVICE_ERROR for users, no leak, market data still arrives`, async () => {
      fake.mode = mode;
      const before = fake.requests();
      const started = Date.now();
      const result = await query('{ me { username } asset(symbol: "BTC") { name symbol } }');
      expect(fake.requests()).toBeGreaterThan(before);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(result.status).toBe(200);
      expect(result.body.data).toEqual({ me: null, asset: { name: 'Bitcoin', symbol: 'BTC' } });
      expect(result.body.errors).toHaveLength(1);
      const [error] = result.body.errors;
      expect(error.extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'users' });
      expect(error.message).toMatch(/users/);
      expect(result.text).not.toContain('relation');
      expect(result.text).not.toContain('/srv/');
      expect(result.text).not.toMatch(/stacktrace|ECONNRESET|ECONNREFUSED|Unexpected token|socket|timeout/i);
    });
  }

  it('a caller whose session this gateway has not checked yet is refused with DOWNSTREAM_SERVICE_ERROR (HTTP 503), without leaks', async () => {
    fake.mode = 'status-500';
    const stranger = await signUp(stack, 'unseen');
    const result = await postRaw(`${gateway.url}/graphql`, JSON.stringify({ query: '{ asset(symbol: "BTC") { name } }' }), {
      'content-type': 'application/json',
      authorization: `Bearer ${stranger.accessToken}`,
    });
    expect(result.status).toBe(503);
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors[0].extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'users' });
    expect(result.text).not.toContain('relation');
  });

  it('queries that do not touch the failing subgraph are unaffected', async () => {
    fake.mode = 'status-500';
    const result = await query('{ models(first: 5) { edges { node { id } } } asset(symbol: "ETH") { name } }');
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({ models: { edges: [] }, asset: { name: 'Ethereum' } });
  });

  it('a users-only mutation fails with DOWNSTREAM_SERVICE_ERROR and the gateway keeps serving', async () => {
    fake.mode = 'close-socket';
    const result = await query('mutation { logout(refreshToken: "x") }');
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors[0].extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'users' });
    const health = await getJson(gateway.url, '/health');
    expect(health.status).toBe(200);
  });
});
