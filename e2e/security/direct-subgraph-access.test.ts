// Subgraphs refuse requests that bypass the gateway: no, forged, unsigned or expired identity headers get 401; /health still answers.
import { beforeAll, describe, expect, it } from 'vitest';
import { identityHeader, internalKey, signIdentity } from '@cryptograph/core';
import { signUp, type Account } from '../support/accounts.js';
import { postRaw, startPlainStack, stopStackAfterAll, type TestStack } from '../support/stack.js';
import { forgeIdentity, unsignedIdentity, wrongSecret } from '../support/tokens.js';

let stack: TestStack;
let account: Account;

beforeAll(async () => {
  stack = await startPlainStack();
  account = await signUp(stack, 'direct');
});

stopStackAfterAll(() => stack);

/** A query every subgraph answers (federation's `_service`). */
const serviceQuery = JSON.stringify({ query: '{ _service { sdl } }' });

function post(url: string, identity?: string) {
  return postRaw(url, serviceQuery, { 'content-type': 'application/json', ...(identity === undefined ? {} : { [identityHeader]: identity }) });
}

function expectRefused(result: Awaited<ReturnType<typeof post>>, label: string): void {
  expect(result.status, label).toBe(401);
  expect(result.body?.errors?.[0]?.extensions?.code, label).toBe('UNAUTHENTICATED');
  expect(result.body?.data ?? null, label).toBeNull();
  expect(result.text, label).not.toContain('sdl');
}

describe('direct requests to subgraphs', () => {
  it('the stack runs the three subgraphs', () => {
    expect(Object.keys(stack.subgraphUrls).sort()).toEqual(['market', 'predictions', 'users']);
  });

  it('accepts an identity signed with the internal secret for that subgraph (control)', async () => {
    for (const [name, url] of Object.entries(stack.subgraphUrls)) {
      const identity = await signIdentity(
        { userId: account.id, role: 'VIEWER', scopes: null, clientAddress: '127.0.0.1' },
        internalKey(stack.env.INTERNAL_SECRET!),
        name,
      );
      const result = await post(url, identity);
      expect(result.status, name).toBe(200);
      expect(typeof result.body.data._service.sdl, name).toBe('string');
    }
  });

  const otherSubgraph = (name: string) => (name === 'users' ? 'market' : 'users');
  const forged: Record<string, (subgraph: string) => Promise<string | undefined>> = {
    'no identity header': async () => undefined,
    'an empty identity header': async () => '',
    'signed with a wrong secret': (subgraph) => forgeIdentity({ secret: wrongSecret, userId: account.id, subgraph }),
    'minted for another subgraph': (subgraph) => forgeIdentity({ secret: stack.env.INTERNAL_SECRET!, userId: account.id, subgraph: otherSubgraph(subgraph) }),
    'alg none': async (subgraph) => unsignedIdentity(account.id, subgraph),
    expired: (subgraph) => forgeIdentity({ secret: stack.env.INTERNAL_SECRET!, userId: account.id, subgraph, exp: Math.floor(Date.now() / 1000) - 120 }),
    'a user access token': async () => account.accessToken,
  };

  for (const [label, identity] of Object.entries(forged)) {
    it(`refuses ${label} on every subgraph with 401 UNAUTHENTICATED`, async () => {
      for (const [name, url] of Object.entries(stack.subgraphUrls)) expectRefused(await post(url, await identity(name)), `${name}: ${label}`);
    });
  }

  it('refuses a forged ADMIN identity trying an admin mutation, and nothing changes', async () => {
    const header = await forgeIdentity({ secret: wrongSecret, userId: account.id, role: 'ADMIN', subgraph: 'users' });
    const body = JSON.stringify({ query: `mutation { setUserRole(id: "${account.id}", role: ADMIN) { role } }` });
    const result = await postRaw(stack.subgraphUrls.users!, body, { 'content-type': 'application/json', [identityHeader]: header });
    expect(result.status).toBe(401);
    const me = await stack.graphql('{ me { role } }', {}, { token: account.accessToken });
    expect(me.body.data.me.role).toBe('VIEWER');
  });

  it('still answers GET /health on every subgraph without an identity', async () => {
    for (const [name, url] of Object.entries(stack.subgraphUrls)) {
      const response = await fetch(new URL('/health', url));
      expect(response.status, name).toBe(200);
      expect(await response.json(), name).toMatchObject({ status: 'ok', service: name });
    }
  });
});
