// Revocation takes effect at once on every gateway: after a logout, password change, role change, deactivation or deletion on
// the first gateway, the user's old access token (and a deactivated or demoted owner's API key) is refused by a second gateway
// sharing Postgres and Redis within 1 s, over HTTP and for new WebSocket connections, although that gateway had it cached.
import { graphqlWsUrl, handshake, testEnvironment } from '@cryptograph/testing';
import { startTestStack } from '@cryptograph/app/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../api/api-operations.js';
import { logIn, logInAdmin, signUp, type Account } from '../support/accounts.js';
import { deactivateUserMutation, deleteUserMutation, logoutMutation, meQuery, refreshMutation, setUserRoleMutation, updateMeMutation } from '../support/operations.js';
import { startE2eStack, type TestStack } from '../support/stack.js';

/** Long caches: a refusal within 1 s can only come from the announcement on the bus, not from expiry. */
const longCaches = { SESSION_CACHE_SECONDS: '600', API_KEY_CACHE_SECONDS: '600' };

/** One revocation scenario: what happens on the first gateway, and what the old credential then gets on the second. */
interface RevocationRow {
  readonly event: string;
  /** Does it, as `admin` or the victim, through the first gateway. */
  readonly act: (first: TestStack, victim: Account, admin: Account) => Promise<void>;
  readonly expectedCode: 'UNAUTHENTICATED';
  /** Whether the victim's refresh token still works afterwards (role changes keep sessions). */
  readonly refreshStillWorks: boolean;
}

const expectNoErrors = (body: { errors?: unknown }) => expect(body.errors).toBeUndefined();

const rows: RevocationRow[] = [
  { event: 'logout', act: async (first, victim) => expectNoErrors((await first.graphql(logoutMutation, { token: victim.refreshToken })).body), expectedCode: 'UNAUTHENTICATED', refreshStillWorks: false },
  {
    event: 'password change',
    act: async (first, victim) => expectNoErrors((await first.graphql(updateMeMutation, { input: { currentPassword: victim.password, newPassword: 'A fresh passphrase for this account' } }, { token: victim.accessToken })).body),
    expectedCode: 'UNAUTHENTICATED',
    refreshStillWorks: false,
  },
  { event: 'role change', act: async (first, victim, admin) => expectNoErrors((await first.graphql(setUserRoleMutation, { id: victim.id, role: 'ANALYST' }, { token: admin.accessToken })).body), expectedCode: 'UNAUTHENTICATED', refreshStillWorks: true },
  { event: 'deactivation', act: async (first, victim, admin) => expectNoErrors((await first.graphql(deactivateUserMutation, { id: victim.id }, { token: admin.accessToken })).body), expectedCode: 'UNAUTHENTICATED', refreshStillWorks: false },
  { event: 'deletion', act: async (first, victim, admin) => expectNoErrors((await first.graphql(deleteUserMutation, { id: victim.id }, { token: admin.accessToken })).body), expectedCode: 'UNAUTHENTICATED', refreshStillWorks: false },
];

/** Polls `probe` until it returns true; resolves with the milliseconds it took, or fails after `limitMs`. */
async function millisecondsUntil(probe: () => Promise<boolean>, limitMs: number): Promise<number> {
  const startedAt = performance.now();
  while (performance.now() - startedAt < limitMs) {
    if (await probe()) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`not within ${limitMs} ms`);
}

describe.runIf(testEnvironment().redisUrl && testEnvironment().databaseUrl)('revocation across two gateways sharing Postgres and Redis', () => {
  let first: TestStack;
  let second: TestStack;
  let admin: Account;

  beforeAll(async () => {
    first = await startE2eStack(longCaches);
    const { DATABASE_URL, REDIS_URL, AUTH_PRIVATE_KEY, INTERNAL_SECRET, EVENT_BUS_PREFIX } = first.env;
    second = await startTestStack({ ...longCaches, DATABASE_URL: DATABASE_URL!, REDIS_URL: REDIS_URL!, AUTH_PRIVATE_KEY: AUTH_PRIVATE_KEY!, INTERNAL_SECRET: INTERNAL_SECRET!, EVENT_BUS_PREFIX: EVENT_BUS_PREFIX! });
    admin = await logInAdmin(first);
  });

  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  for (const row of rows) {
    it(`${row.event}: the old access token is refused on the other gateway within 1 s, over HTTP and WebSocket`, async () => {
      const victim = await signUp(first, row.event.replace(/\W/g, '').slice(0, 10));
      const warm = await second.graphql(meQuery, {}, { token: victim.accessToken });
      expect(warm.body.data.me.id).toBe(victim.id);
      expect(await handshake(graphqlWsUrl(second.gatewayUrl), { authorization: `Bearer ${victim.accessToken}` })).toEqual({ acknowledged: true });

      await row.act(first, victim, admin);
      const took = await millisecondsUntil(async () => (await second.graphql(meQuery, {}, { token: victim.accessToken })).status === 401, 1_000);
      expect(took).toBeLessThan(1_000);
      const refused = await second.graphql(meQuery, {}, { token: victim.accessToken });
      expect(refused.body.errors?.[0]?.extensions?.code).toBe(row.expectedCode);
      expect(refused.body.data ?? null).toBeNull();
      expect(await handshake(graphqlWsUrl(second.gatewayUrl), { authorization: `Bearer ${victim.accessToken}` })).toMatchObject({ acknowledged: false, code: 4403 });
      expect((await first.graphql(meQuery, {}, { token: victim.accessToken })).status).toBe(401);

      const refreshed = await second.graphql(refreshMutation, { token: victim.refreshToken });
      if (!row.refreshStillWorks) {
        expect(refreshed.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        return;
      }
      expectNoErrors(refreshed.body);
      const me = await second.graphql(meQuery, {}, { token: refreshed.body.data.refreshToken.accessToken });
      expect(me.body.data.me).toMatchObject({ id: victim.id, role: 'ANALYST' });
    });
  }

  it('a demoted user\'s token that was still valid never acts with its old role: it is refused, and the refreshed one has the new role', async () => {
    const user = await signUp(first, 'demotee');
    expectNoErrors((await first.graphql(setUserRoleMutation, { id: user.id, role: 'ADMIN' }, { token: admin.accessToken })).body);
    const asAdmin = await logIn(first, user.username, user.password);
    expect((await second.graphql('{ users { totalCount } }', {}, { token: asAdmin.accessToken })).body.errors).toBeUndefined();
    expectNoErrors((await first.graphql(setUserRoleMutation, { id: user.id, role: 'VIEWER' }, { token: admin.accessToken })).body);
    await millisecondsUntil(async () => (await second.graphql('{ users { totalCount } }', {}, { token: asAdmin.accessToken })).status === 401, 1_000);
    const refreshed = (await second.graphql(refreshMutation, { token: asAdmin.refreshToken })).body.data.refreshToken.accessToken as string;
    const listing = await second.graphql('{ users { totalCount } }', {}, { token: refreshed });
    expect(listing.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('logout of one session makes the other sessions refresh, and they keep working after', async () => {
    const user = await signUp(first, 'twodevices');
    const laptop = await logIn(first, user.username, user.password);
    expectNoErrors((await first.graphql(logoutMutation, { token: user.refreshToken })).body);
    await millisecondsUntil(async () => (await second.graphql(meQuery, {}, { token: laptop.accessToken })).status === 401, 1_000);
    const refreshed = await second.graphql(refreshMutation, { token: laptop.refreshToken });
    expectNoErrors(refreshed.body);
    expect((await second.graphql(meQuery, {}, { token: refreshed.body.data.refreshToken.accessToken })).body.data.me.id).toBe(user.id);
  });

  it('a deactivated owner\'s API key is refused on the other gateway within 1 s', async () => {
    const owner = await signUp(first, 'keyowner');
    const { key } = await createApiKey(first, owner.accessToken, ['read:market']);
    const withKey = () => second.graphql('{ assets(first: 1) { edges { node { symbol } } } }', {}, { headers: { 'x-api-key': key } });
    expect((await withKey()).body.errors).toBeUndefined();
    expectNoErrors((await first.graphql(deactivateUserMutation, { id: owner.id }, { token: admin.accessToken })).body);
    expect(await millisecondsUntil(async () => (await withKey()).status === 401, 1_000)).toBeLessThan(1_000);
  });

  it('a demoted admin\'s admin:users key is revoked and refused on the other gateway within 1 s', async () => {
    const user = await signUp(first, 'keyadmin');
    expectNoErrors((await first.graphql(setUserRoleMutation, { id: user.id, role: 'ADMIN' }, { token: admin.accessToken })).body);
    const asAdmin = await logIn(first, user.username, user.password);
    const { key } = await createApiKey(first, asAdmin.accessToken, ['admin:users']);
    const listUsers = () => second.graphql('{ users(first: 1) { totalCount } }', {}, { headers: { authorization: `ApiKey ${key}` } });
    expect((await listUsers()).body.errors).toBeUndefined();
    expectNoErrors((await first.graphql(setUserRoleMutation, { id: user.id, role: 'VIEWER' }, { token: admin.accessToken })).body);
    expect(await millisecondsUntil(async () => (await listUsers()).status === 401, 1_000)).toBeLessThan(1_000);
  });
});
