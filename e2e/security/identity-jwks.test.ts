// The gateway publishes the public keys of access tokens at /.well-known/jwks.json: third parties verify tokens offline with
// them, the users service's private key never leaves it, a flood of tokens naming unknown key ids does not make the gateway fetch the key set per
// token, and a second users replica with another key (a rotation) is trusted at once.
import { generateSigningKeyPem, signingKeyFromPem } from '@cryptograph/core';
import { sameInstallation, startTestStack } from '@cryptograph/app/testing';
import { testEnvironment } from '@cryptograph/testing';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/accounts.js';
import { meQuery } from '../support/operations.js';
import { getJson, startPlainStack, stopStackAfterAll, type TestStack } from '../support/stack.js';
import { forgeAccessToken, wrongKey } from '../support/tokens.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startPlainStack();
});

stopStackAfterAll(() => stack);

describe('GET /.well-known/jwks.json', () => {
  it('lists the public key access tokens are signed with, and nothing private', async () => {
    const response = await fetch(`${stack.gatewayUrl}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const jwks = (await response.json()) as { keys: Record<string, string>[] };
    const own = await signingKeyFromPem(stack.env.AUTH_PRIVATE_KEY!);
    expect(jwks.keys).toEqual([{ ...own.publicJwk }]);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: own.kid });
    expect(JSON.stringify(jwks)).not.toMatch(/"d"\s*:/);
  });

  it('verifies a real access token offline: EdDSA with the key id in the header, typ at+jwt, the session version inside', async () => {
    const account = await signUp(stack, 'jwks');
    const { body } = await getJson(stack.gatewayUrl, '/.well-known/jwks.json');
    const header = decodeProtectedHeader(account.accessToken);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt', kid: body.keys[0].kid });
    const { payload } = await jwtVerify(account.accessToken, createLocalJWKSet(body), { issuer: 'cryptograph', audience: 'cryptograph-api', typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: account.id, role: 'VIEWER', sv: 0 });
  });
});

/** How many times the users service has served its key set (its /metrics counts requests by route). */
async function keySetFetches(): Promise<number> {
  const text = await (await fetch(new URL('/metrics', stack.subgraphUrls.users!))).text();
  const line = text
    .split('\n')
    .find(
      (entry) =>
        entry.startsWith('cryptograph_http_requests_total') && entry.includes('route="/internal/access-token-keys"') && entry.includes('status_code="200"'),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('JWKS fetch abuse', () => {
  it('300 tokens naming unknown key ids are all refused within a couple of seconds, fetching the key set about once a second, not once per token', async () => {
    const account = await signUp(stack, 'kidflood');
    const before = await keySetFetches();
    const startedAt = Date.now();
    const tokens = await Promise.all(
      Array.from({ length: 300 }, (_, index) => forgeAccessToken({ key: wrongKey, userId: account.id, kid: `unknown-key-${index}` })),
    );
    const statuses = await Promise.all(tokens.map(async (token) => (await stack.graphql(meQuery, {}, { token })).status));
    const seconds = (Date.now() - startedAt) / 1000;
    const fetches = (await keySetFetches()) - before;
    console.info(`[jwks] 300 tokens of unknown key ids refused in ${seconds.toFixed(1)} s with ${fetches} key set fetches`);
    expect(statuses.every((status) => status === 401)).toBe(true);
    expect(fetches).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
    expect((await stack.graphql(meQuery, {}, { token: account.accessToken })).body.data.me.id).toBe(account.id);
  });
});

describe.runIf(testEnvironment().databaseUrl)('key rotation', () => {
  it('a users replica with another key: its tokens work on this gateway at once, and both keys are published until the old tokens expire', async () => {
    const newKey = generateSigningKeyPem();
    const rotated = await startTestStack({ ...sameInstallation(stack), AUTH_PRIVATE_KEY: newKey });
    try {
      const before = await signUp(stack, 'oldkey');
      const after = await signUp(rotated, 'newkey');
      expect(decodeProtectedHeader(after.accessToken).kid).toBe((await signingKeyFromPem(newKey)).kid);
      for (const gateway of [stack, rotated]) {
        for (const account of [before, after]) {
          const me = await gateway.graphql(meQuery, {}, { token: account.accessToken });
          expect(me.body.data?.me?.id, `${account.username} on ${gateway.gatewayUrl}: HTTP ${me.status} ${JSON.stringify(me.body.errors)}`).toBe(account.id);
        }
      }
      const kids = (await getJson(rotated.gatewayUrl, '/.well-known/jwks.json')).body.keys.map((key: { kid: string }) => key.kid).sort();
      expect(kids).toEqual([(await signingKeyFromPem(stack.env.AUTH_PRIVATE_KEY!)).kid, (await signingKeyFromPem(newKey)).kid].sort());
    } finally {
      await rotated.stop();
    }
  });
});
