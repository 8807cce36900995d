import { accessTokenKeysPath, accessTokenKeysScope, generateSigningKeyPem, signingKeyFromPem, type Identity } from '@cryptograph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../test-support/test-accounts.js';
import { signedIn, startUsersTestService, type UsersTestService } from '../test-support/users-test-service.js';

const firstPem = generateSigningKeyPem();
const secondPem = generateSigningKeyPem();
let first: UsersTestService;
let second: UsersTestService;

beforeAll(async () => {
  first = await startUsersTestService({ AUTH_PRIVATE_KEY: firstPem, ACCESS_TOKEN_TTL_SECONDS: '60' });
  second = await startUsersTestService(
    { AUTH_PRIVATE_KEY: secondPem, INTERNAL_SECRET: first.env.internalSecret, ACCESS_TOKEN_TTL_SECONDS: '60' },
    first.connection,
  );
});

afterAll(async () => {
  await second?.close();
  await first?.close();
});

const gateway: Identity = { userId: null, role: null, scopes: [accessTokenKeysScope], clientAddress: 'gateway' };
const publishedKids = async (users: UsersTestService) =>
  ((await users.internal('GET', accessTokenKeysPath, gateway)).body.keys as { kid: string }[]).map((key) => key.kid).sort();

describe('access token keys', () => {
  it('are published as a JWKS of public keys only, to the gateway scope only', async () => {
    const response = await first.internal('GET', accessTokenKeysPath, gateway);
    expect(response.status).toBe(200);
    const key = response.body.keys[0];
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(JSON.stringify(response.body)).not.toMatch(/"d"/);
    expect((await first.internal('GET', accessTokenKeysPath, signedIn(crypto.randomUUID(), 'ADMIN'))).status).toBe(403);
  });

  it('of every replica are published by every replica, so tokens of one verify with the keys of the other', async () => {
    const kids = [(await signingKeyFromPem(firstPem)).kid, (await signingKeyFromPem(secondPem)).kid].sort();
    expect(await publishedKids(first)).toEqual(kids);
    expect(await publishedKids(second)).toEqual(kids);
    const user = await signUp(first);
    expect(await second.verifyAccessToken(user.accessToken)).toMatchObject({ userId: user.id });
  });

  it('rotate by themselves: a previous key stays published until its last tokens expired, then drops out', async () => {
    const retired = await signingKeyFromPem(generateSigningKeyPem());
    await first.db
      .insertInto('signing_keys')
      .values({ kid: retired.kid, public_jwk: JSON.stringify(retired.publicJwk), verify_until: new Date(Date.now() + 60_000) })
      .execute();
    expect(await publishedKids(first)).toContain(retired.kid);
    await first.db
      .updateTable('signing_keys')
      .set({ verify_until: new Date(Date.now() - 1000) })
      .where('kid', '=', retired.kid)
      .execute();
    expect(await publishedKids(first)).not.toContain(retired.kid);
  });

  it("of a running replica stay published for its tokens' lifetime and two heartbeats", async () => {
    const kid = (await signingKeyFromPem(firstPem)).kid;
    const row = await first.db.selectFrom('signing_keys').select('verify_until').where('kid', '=', kid).executeTakeFirstOrThrow();
    const ahead = row.verify_until.getTime() - Date.now();
    expect(ahead).toBeGreaterThan(170_000);
    expect(ahead).toBeLessThanOrEqual(180_500);
  });
});
