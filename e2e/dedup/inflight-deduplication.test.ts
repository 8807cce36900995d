// Scenario: inbound in-flight deduplication through a gateway whose users and market subgraphs answer slowly (so
// concurrent operations overlap): identical queries of one caller share one execution; nothing is shared across users,
// roles or scopes; mutations always run; each caller is still rate limited and charged on its own.
import { waitFor } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../api/api-operations.js';
import { signUp, type Account } from '../support/accounts.js';
import { startCustomGateway, type CustomGateway } from '../support/custom-gateway.js';
import { startPlainStack, type TestStack } from '../support/stack.js';
import { startDelayingProxy, type DelayingProxy } from './delaying-proxy.js';

let stack: TestStack;
let users: DelayingProxy;
let market: DelayingProxy;
let alice: Account;
let bob: Account;

const delayMs = 400;
const meQuery = 'query Me { me { id username } }';
const assetsQuery = 'query Assets { assets(first: 3) { edges { node { symbol name } } } }';

/** A gateway on the stack whose users and market subgraphs are the slow proxies. */
function slowGateway(env: Record<string, string> = {}): Promise<CustomGateway> {
  return startCustomGateway(stack, { users: users.url, market: market.url }, env);
}

/** POSTs one operation to a gateway. */
async function post(gateway: CustomGateway, query: string, headers: Record<string, string>, variables?: Record<string, unknown>) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[]; extensions?: Record<string, any> },
  };
}

const bearer = (account: Account) => ({ authorization: `Bearer ${account.accessToken}` });

/** Operations answered by another one's execution so far, in this process (the counter of /metrics). */
async function sharedSoFar(gateway: CustomGateway): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  return [...text.matchAll(/^cryptograph_graphql_deduplicated_operations_total\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

beforeAll(async () => {
  stack = await startPlainStack({ MARKET_SEED_DATA: 'false' });
  users = await startDelayingProxy(stack.subgraphUrls.users!, delayMs);
  market = await startDelayingProxy(stack.subgraphUrls.market!, delayMs);
  alice = await signUp(stack, 'dedup_alice');
  bob = await signUp(stack, 'dedup_bob');
}, 120_000);

afterAll(async () => {
  await users?.close();
  await market?.close();
  await stack?.stop();
});

describe('inbound in-flight deduplication', () => {
  it('answers concurrent identical queries of one caller from one execution', async () => {
    const gateway = await slowGateway({ RATE_LIMIT_ENABLED: 'false' });
    try {
      const before = { shared: await sharedSoFar(gateway), upstream: users.queries.length };
      const answers = await Promise.all(Array.from({ length: 5 }, () => post(gateway, meQuery, bearer(alice))));
      for (const answer of answers) expect(answer.body.data).toEqual({ me: { id: alice.id, username: alice.username } });
      expect((await sharedSoFar(gateway)) - before.shared).toBe(4);
      expect(users.queries.length - before.upstream).toBe(1);
    } finally {
      await gateway.stop();
    }
  });

  it('never shares across users: each caller gets its own personal answer', async () => {
    const gateway = await slowGateway({ RATE_LIMIT_ENABLED: 'false' });
    try {
      const before = await sharedSoFar(gateway);
      const callers = [alice, bob, alice, bob];
      const answers = await Promise.all(callers.map((caller) => post(gateway, meQuery, bearer(caller))));
      expect(answers.map((answer) => answer.body.data?.me?.id)).toEqual(callers.map((caller) => caller.id));
      // Alice's two share one execution, Bob's two another: two shared, never one across users.
      expect((await sharedSoFar(gateway)) - before).toBe(2);
    } finally {
      await gateway.stop();
    }
  });

  it('never shares across scopes: an API key without read:market is refused while a session of the same user reads the same query', async () => {
    const gateway = await slowGateway({ RATE_LIMIT_ENABLED: 'false' });
    try {
      const { key } = await createApiKey(stack, alice.accessToken, ['read:predictions']);
      const before = await sharedSoFar(gateway);
      const [session, apiKey, sessionAgain] = await Promise.all([
        post(gateway, assetsQuery, bearer(alice)),
        post(gateway, assetsQuery, { 'x-api-key': key }),
        post(gateway, assetsQuery, bearer(bob)),
      ]);
      expect(session.body.errors).toBeUndefined();
      expect(session.body.data.assets.edges.length).toBeGreaterThan(0);
      expect(apiKey.body.data?.assets ?? null).toBeNull();
      expect(apiKey.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // Public market data: a viewer session shares with another viewer session (same role and scopes), never with the key.
      expect(sessionAgain.body.data).toEqual(session.body.data);
      expect((await sharedSoFar(gateway)) - before).toBe(1);
    } finally {
      await gateway.stop();
    }
  });

  it('never deduplicates mutations: concurrent identical ones each run', async () => {
    const gateway = await slowGateway({ RATE_LIMIT_ENABLED: 'false' });
    try {
      const before = await sharedSoFar(gateway);
      const create = 'mutation Create($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id name } } }';
      const input = { input: { name: 'same', scopes: ['read:market'] } };
      const answers = await Promise.all(Array.from({ length: 3 }, () => post(gateway, create, bearer(bob), input)));
      const ids = answers.map((answer) => answer.body.data?.createApiKey?.apiKey?.id);
      expect(ids.every(Boolean)).toBe(true);
      expect(new Set(ids).size).toBe(3);
      expect((await sharedSoFar(gateway)) - before).toBe(0);
    } finally {
      await gateway.stop();
    }
  });

  it('never answers a query sent after a mutation completed from an execution that began before it (read your own writes)', async () => {
    const erin = await signUp(stack, 'dedup_erin');
    // The users subgraph reads at once, but its answers to queries reach the gateway 1.5 s later; mutations are not held.
    const slowAnswers = await startDelayingProxy(stack.subgraphUrls.users!, 1_500, {
      afterAnswer: true,
      only: (query) => !query.trimStart().startsWith('mutation'),
    });
    const gateway = await startCustomGateway(stack, { users: slowAnswers.url }, { RATE_LIMIT_ENABLED: 'false' });
    try {
      const keysQuery = 'query Keys { apiKeys { name } }';
      const early = post(gateway, keysQuery, bearer(erin));
      // Once the users subgraph has the early query, it reads at once (its answer is what is held).
      await waitFor(() => slowAnswers.queries.length > 0, 'the early query to reach the users subgraph');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const created = await post(gateway, 'mutation Create($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { name } } }', bearer(erin), {
        input: { name: 'fresh', scopes: ['read:market'] },
      });
      expect(created.body.data).toEqual({ createApiKey: { apiKey: { name: 'fresh' } } });
      const late = await post(gateway, keysQuery, bearer(erin));
      expect((await early).body.data).toEqual({ apiKeys: [] });
      expect(late.body.data).toEqual({ apiKeys: [{ name: 'fresh' }] });
    } finally {
      await gateway.stop();
      await slowAnswers.close();
    }
  });

  it('rate limits each caller of a shared execution on its own', async () => {
    const carol = await signUp(stack, 'dedup_carol');
    const gateway = await slowGateway({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
    try {
      const before = await sharedSoFar(gateway);
      const answers = await Promise.all(Array.from({ length: 5 }, () => post(gateway, meQuery, bearer(carol))));
      const answered = answers.filter((answer) => answer.body.data?.me?.id === carol.id);
      const limited = answers.filter((answer) => answer.body.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
      expect([answered.length, limited.length]).toEqual([3, 2]);
      for (const answer of limited) expect(answer.status).toBe(429);
      // The three admitted callers shared one execution; each saw its own place in the budget.
      expect((await sharedSoFar(gateway)) - before).toBe(2);
      expect(answered.map((answer) => answer.headers.get('ratelimit-remaining')).sort()).toEqual(['0', '1', '2']);
    } finally {
      await gateway.stop();
    }
  });

  it('charges each caller of a shared execution its cost: one answer, serialized once, with each caller own cost extension', async () => {
    const dave = await signUp(stack, 'dedup_dave');
    const gateway = await slowGateway({ RATE_LIMIT_ENABLED: 'false', GRAPHQL_COST_ANALYSIS: 'true', GRAPHQL_COST_PER_MINUTE: '1000' });
    try {
      const before = await sharedSoFar(gateway);
      const answers = await Promise.all(Array.from({ length: 3 }, () => post(gateway, meQuery, bearer(dave))));
      for (const answer of answers) expect(answer.body.data).toEqual({ me: { id: dave.id, username: dave.username } });
      const costs = answers.map((answer) => answer.body.extensions?.cost as { requested: number; remaining: number });
      const requested = costs[0]!.requested;
      expect(requested).toBeGreaterThan(0);
      expect(costs.map((cost) => cost.remaining).sort((a, b) => b - a)).toEqual([1000 - requested, 1000 - 2 * requested, 1000 - 3 * requested]);
      expect((await sharedSoFar(gateway)) - before).toBe(2);
    } finally {
      await gateway.stop();
    }
  });
});
