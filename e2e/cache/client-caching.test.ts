// Scenario: whatever the response cache's state (off by setting, off for lack of an event bus, on), no GraphQL answer
// over HTTP leaves a client or a proxy free to store it: personal answers, refusals and errors all say `Cache-Control:
// no-store`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type Account } from '../support/accounts.js';
import { startCustomGateway, startLoneGateway, type CustomGateway } from '../support/custom-gateway.js';
import { startE2eStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let viewer: Account;
let gateways: { name: string; gateway: CustomGateway }[];

/** A GET of one query (the request a browser or a shared proxy could cache), with `headers`. */
async function get(gateway: CustomGateway, query: string, headers: Record<string, string>) {
  const response = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, body, cacheControl: response.headers.get('cache-control') };
}

beforeAll(async () => {
  stack = await startE2eStack({ RATE_LIMIT_ENABLED: 'false' });
  viewer = await signUp(stack, 'client_caching');
  gateways = [
    { name: 'RESPONSE_CACHE=false', gateway: await startCustomGateway(stack, {}, { RESPONSE_CACHE: 'false' }) },
    { name: 'no event bus', gateway: await startLoneGateway(stack) },
    { name: 'response cache on', gateway: await startCustomGateway(stack, {}) },
  ];
}, 120_000);

afterAll(async () => {
  for (const { gateway } of gateways ?? []) await gateway.stop();
  await stack?.stop();
});

describe('Cache-Control of GraphQL answers over HTTP', () => {
  it('is no-store on a personal answer (an email), whether or not the response cache runs', async () => {
    for (const { name, gateway } of gateways) {
      const answer = await get(gateway, '{ me { email } }', { authorization: `Bearer ${viewer.accessToken}` });
      expect({ name, status: answer.status, data: answer.body.data }).toEqual({ name, status: 200, data: { me: { email: viewer.email } } });
      expect({ name, cacheControl: answer.cacheControl }).toEqual({ name, cacheControl: 'no-store' });
    }
  });

  it('is no-store on refusals and errors (an unknown API key, a validation error)', async () => {
    for (const { name, gateway } of gateways) {
      const refused = await get(gateway, '{ me { email } }', { 'x-api-key': 'cg_not_a_real_key_0000000000000000' });
      expect({ name, status: refused.status >= 400, cacheControl: refused.cacheControl }).toEqual({ name, status: true, cacheControl: 'no-store' });
      const invalid = await get(gateway, '{ me { nope } }', { authorization: `Bearer ${viewer.accessToken}` });
      expect({ name, code: invalid.body.errors?.[0]?.extensions?.code, cacheControl: invalid.cacheControl }).toEqual({
        name,
        code: 'BAD_USER_INPUT',
        cacheControl: 'no-store',
      });
    }
  });
});
