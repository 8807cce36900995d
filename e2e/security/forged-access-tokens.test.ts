// Forged, expired, mis-typed and malformed credentials at the gateway are UNAUTHENTICATED (HTTP 401), never anonymous.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type Account } from '../support/accounts.js';
import { meQuery, signupMutation } from '../support/operations.js';
import { startPlainStack, type TestStack } from '../support/stack.js';
import { createPublicKey } from 'node:crypto';
import { accessTokenClaims, forgeAccessToken, unsignedToken, wrongKey, wrongSecret } from '../support/tokens.js';

let stack: TestStack;
let account: Account;
let key: string;

beforeAll(async () => {
  stack = await startPlainStack();
  account = await signUp(stack, 'victim');
  key = stack.env.AUTH_PRIVATE_KEY!;
});

afterAll(async () => {
  await stack?.stop();
});

const past = () => Math.floor(Date.now() / 1000) - 120;

/** Sends `{ me }` with a raw Authorization header. */
function meWith(authorization: string) {
  return stack.graphql(meQuery, {}, { headers: { authorization } });
}

function expectRefused(result: Awaited<ReturnType<typeof meWith>>, label: string): void {
  expect(result.status, label).toBe(401);
  expect(result.body.data ?? null, label).toBeNull();
  expect(result.body.errors?.[0]?.extensions?.code, label).toBe('UNAUTHENTICATED');
}

describe('credentials the gateway accepts', () => {
  it('a token crafted exactly like the real ones with the stack key is accepted (control for the cases below)', async () => {
    const token = await forgeAccessToken({ key, userId: account.id, role: 'VIEWER' });
    const result = await meWith(`Bearer ${token}`);
    expect(result.status).toBe(200);
    expect(result.body.data.me).toMatchObject({ id: account.id, role: 'VIEWER' });
  });
});

describe('credentials the gateway refuses', () => {
  const cases: Record<string, () => Promise<string>> = {
    'alg none (unsigned)': async () =>
      `Bearer ${unsignedToken({ sub: account.id, role: 'ADMIN', iss: accessTokenClaims.issuer, aud: accessTokenClaims.audience })}`,
    'signed with a wrong key': async () => `Bearer ${await forgeAccessToken({ key: wrongKey, userId: account.id })}`,
    'missing exp': async () => `Bearer ${await forgeAccessToken({ key, userId: account.id, exp: null })}`,
    expired: async () => `Bearer ${await forgeAccessToken({ key, userId: account.id, exp: past() })}`,
    'wrong iss': async () => `Bearer ${await forgeAccessToken({ key, userId: account.id, issuer: 'someone-else' })}`,
    'missing iss': async () => `Bearer ${await forgeAccessToken({ key, userId: account.id, issuer: null })}`,
    'wrong aud': async () => `Bearer ${await forgeAccessToken({ key, userId: account.id, audience: 'another-api' })}`,
    'typ JWT instead of at+jwt': async () => `Bearer ${await forgeAccessToken({ key, userId: account.id, typ: 'JWT' })}`,
    'unknown role': async () => `Bearer ${await forgeAccessToken({ key, userId: account.id, role: 'SUPERUSER' })}`,
    'HS256 with a guessed secret': async () => `Bearer ${await forgeAccessToken({ hmacSecret: wrongSecret, userId: account.id })}`,
    'HS256 with the public key as the secret (key confusion)': async () => {
      const publicPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
      return `Bearer ${await forgeAccessToken({ hmacSecret: publicPem, userId: account.id, kid: null })}`;
    },
    'a wrong key claiming the stack key id': async () => {
      const { kid } = await import('@cryptograph/core').then((core) => core.signingKeyFromPem(key));
      return `Bearer ${await forgeAccessToken({ key: wrongKey, userId: account.id, kid })}`;
    },
    'missing session version': async () => `Bearer ${await forgeAccessToken({ key, userId: account.id, sessionVersion: null })}`,
    'an older session version': async () => `Bearer ${await forgeAccessToken({ key, userId: account.id, sessionVersion: -1 })}`,
    'a newer session version than the user has': async () => `Bearer ${await forgeAccessToken({ key, userId: account.id, sessionVersion: 5 })}`,
    'a user that does not exist': async () => `Bearer ${await forgeAccessToken({ key, userId: '00000000-0000-4000-8000-000000000000' })}`,
    'a refresh token used as an access token': async () => `Bearer ${account.refreshToken}`,
    'garbage bearer token': async () => 'Bearer not.a.jwt',
    'three garbage segments': async () => 'Bearer aaaa.bbbb.cccc',
    'Basic scheme': async () => `Basic ${Buffer.from(`${account.username}:${account.password}`).toString('base64')}`,
    'Bearer without a token': async () => 'Bearer ',
    'token without a scheme': async () => account.accessToken,
  };

  for (const [label, authorization] of Object.entries(cases)) {
    it(`${label} → 401 UNAUTHENTICATED`, async () => {
      expectRefused(await meWith(await authorization()), label);
    });
  }

  it('an expired token gets a message telling the client to refresh', async () => {
    const result = await meWith(`Bearer ${await forgeAccessToken({ key, userId: account.id, exp: past() })}`);
    expectRefused(result, 'expired');
    expect(result.body.errors![0]!.message).toMatch(/expired/i);
  });

  it('a forged credential on a public mutation is refused too, and the mutation does not run', async () => {
    const input = { email: `forged.${account.email}`, username: `f_${account.username}`.slice(0, 32), password: account.password };
    const result = await stack.graphql(signupMutation, { input }, { headers: { authorization: `Bearer ${await forgeAccessToken({ key: wrongKey, userId: account.id })}` } });
    expectRefused(result, 'signup with forged token');
    const retry = await stack.graphql(signupMutation, { input });
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data.signup.user.username).toBe(input.username);
  });
});
