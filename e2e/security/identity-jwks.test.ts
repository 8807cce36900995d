// The gateway publishes the public keys of access tokens at /.well-known/jwks.json: third parties verify tokens offline with
// them, the users service's private key never leaves it, and a second users replica with another key (a rotation) is trusted at once.
import { generateSigningKeyPem, signingKeyFromPem } from '@cryptograph/core';
import { startTestStack } from '@cryptograph/app/testing';
import { testEnvironment } from '@cryptograph/testing';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/accounts.js';
import { meQuery } from '../support/operations.js';
import { getJson, startPlainStack, type TestStack } from '../support/stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startPlainStack();
});

afterAll(async () => {
  await stack?.stop();
});

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

describe.runIf(testEnvironment().databaseUrl)('key rotation', () => {
  it('a users replica with another key: its tokens work on this gateway at once, and both keys are published until the old tokens expire', async () => {
    const newKey = generateSigningKeyPem();
    const { DATABASE_URL, REDIS_URL, INTERNAL_SECRET, EVENT_BUS_PREFIX } = stack.env;
    const rotated = await startTestStack({ DATABASE_URL: DATABASE_URL!, INTERNAL_SECRET: INTERNAL_SECRET!, EVENT_BUS_PREFIX: EVENT_BUS_PREFIX!, AUTH_PRIVATE_KEY: newKey, ...(REDIS_URL ? { REDIS_URL } : {}) });
    try {
      const before = await signUp(stack, 'oldkey');
      const after = await signUp(rotated, 'newkey');
      expect(decodeProtectedHeader(after.accessToken).kid).toBe((await signingKeyFromPem(newKey)).kid);
      for (const gateway of [stack, rotated]) {
        for (const account of [before, after]) {
          const me = await gateway.graphql(meQuery, {}, { token: account.accessToken });
          expect(me.body.data?.me?.id, `${account.username} on ${gateway.gatewayUrl}`).toBe(account.id);
        }
      }
      const kids = (await getJson(rotated.gatewayUrl, '/.well-known/jwks.json')).body.keys.map((key: { kid: string }) => key.kid).sort();
      expect(kids).toEqual([(await signingKeyFromPem(stack.env.AUTH_PRIVATE_KEY!)).kid, (await signingKeyFromPem(newKey)).kid].sort());
    } finally {
      await rotated.stop();
    }
  });
});
