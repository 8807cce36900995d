import { apiKeyRevokedChannel, sessionStatePath, sessionStateScope, systemUserId, userSessionChangedChannel, type Identity } from '@cryptograph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginMutation, logoutMutation, refreshMutation, updateMeMutation } from '../test-support/operations.js';
import { signUp, type SignedUpUser } from '../test-support/test-accounts.js';
import { signedIn, someAdmin, startUsersTestService, type UsersTestService } from '../test-support/users-test-service.js';

let users: UsersTestService;
const announced: string[] = [];
const revokedPrefixes: string[] = [];

beforeAll(async () => {
  users = await startUsersTestService();
  await users.bus.subscribe(userSessionChangedChannel, (message) => announced.push((message as { userId: string }).userId));
  await users.bus.subscribe(apiKeyRevokedChannel, (message) => revokedPrefixes.push((message as { prefix: string }).prefix));
});

afterAll(async () => {
  await users?.close();
});

const gateway: Identity = { userId: null, role: null, scopes: [sessionStateScope], clientAddress: 'gateway' };
const sessionOf = async (userId: string) => (await users.internal('POST', sessionStatePath, gateway, { userId })).body.session;
const tokenVersion = async (user: { accessToken: string }) => (await users.verifyAccessToken(user.accessToken)).sessionVersion;
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Runs `change`, then expects the user's session version to have gone up by one and `{ userId }` to have been announced once. */
async function expectSessionChanged(user: SignedUpUser, change: () => Promise<unknown>): Promise<void> {
  const before = (await sessionOf(user.id)).version as number;
  const announcedBefore = announced.filter((id) => id === user.id).length;
  await change();
  await settled();
  const after = await sessionOf(user.id);
  if (after) expect(after.version).toBe(before + 1);
  expect(announced.filter((id) => id === user.id).length).toBe(announcedBefore + 1);
}

const createKey = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id prefix } } }`;
const keyStates = async (userId: string) =>
  Object.fromEntries(
    (await users.db.selectFrom('api_keys').select(['name', 'revoked_at']).where('user_id', '=', userId).execute()).map((row) => [
      row.name,
      row.revoked_at !== null,
    ]),
  );

describe('session versions', () => {
  it('start at 0 and are carried by access tokens; the state route answers role and version', async () => {
    const user = await signUp(users);
    expect(await tokenVersion(user)).toBe(0);
    expect(await sessionOf(user.id)).toEqual({ userId: user.id, role: 'VIEWER', version: 0 });
  });

  it('logout bumps the version and announces it; the other sessions refresh into the new version', async () => {
    const user = await signUp(users);
    const other = (await users.request(loginMutation, { input: { login: user.username, password: user.password } })).data!.login;
    await expectSessionChanged(user, () => users.request(logoutMutation, { token: user.refreshToken }));
    const refreshed = (await users.request(refreshMutation, { token: other.refreshToken })).data!.refreshToken;
    expect(await tokenVersion(refreshed)).toBe(1);
  });

  it('logout with an unknown token changes nothing', async () => {
    const count = announced.length;
    expect((await users.request(logoutMutation, { token: 'nope' })).data).toEqual({ logout: false });
    await settled();
    expect(announced).toHaveLength(count);
  });

  it('a password change bumps and announces; changing only the email does not', async () => {
    const user = await signUp(users);
    const me = signedIn(user.id, 'VIEWER');
    await expectSessionChanged(user, () =>
      users.request(updateMeMutation, { input: { currentPassword: user.password, newPassword: 'An entirely new passphrase' } }, me),
    );
    const count = announced.length;
    await users.request(updateMeMutation, { input: { email: `elsewhere.${user.username}@example.com` } }, me);
    await settled();
    expect(announced).toHaveLength(count);
    expect((await sessionOf(user.id)).version).toBe(1);
  });

  it('a role change bumps and announces, keeps refresh tokens (they pick up the new role) and revokes only keys beyond the new role', async () => {
    const user = await signUp(users);
    const otherAdmin = await signUp(users);
    await users.db.updateTable('users').set({ role: 'ADMIN' }).where('id', 'in', [user.id, otherAdmin.id]).execute();
    const asAdmin = signedIn(user.id, 'ADMIN');
    for (const [name, scopes] of [
      ['reader', ['read:market']],
      ['modeller', ['write:models', 'read:market']],
      ['boss', ['admin:users']],
    ] as const) {
      expect((await users.request(createKey, { input: { name, scopes } }, asAdmin)).errors).toBeUndefined();
    }
    await expectSessionChanged(user, () => users.request(`mutation($id: ID!) { setUserRole(id: $id, role: ANALYST) { role } }`, { id: user.id }, someAdmin()));
    expect(await keyStates(user.id)).toEqual({ reader: false, modeller: false, boss: true });
    const refreshed = (await users.request(refreshMutation, { token: user.refreshToken })).data!.refreshToken;
    expect(await users.verifyAccessToken(refreshed.accessToken)).toMatchObject({ role: 'ANALYST', sessionVersion: 1 });
    await expectSessionChanged(user, () => users.request(`mutation($id: ID!) { setUserRole(id: $id, role: VIEWER) { role } }`, { id: user.id }, someAdmin()));
    expect(await keyStates(user.id)).toEqual({ reader: false, modeller: true, boss: true });
    const count = announced.length;
    await users.request(`mutation($id: ID!) { setUserRole(id: $id, role: VIEWER) { role } }`, { id: user.id }, someAdmin());
    await settled();
    expect(announced).toHaveLength(count);
  });

  it('deactivation bumps and announces, and revokes every refresh token and API key; the state route then answers null', async () => {
    const user = await signUp(users);
    expect((await users.request(createKey, { input: { name: 'bot', scopes: ['read:market'] } }, signedIn(user.id, 'VIEWER'))).errors).toBeUndefined();
    await expectSessionChanged(user, () => users.request(`mutation($id: ID!) { deactivateUser(id: $id) { active } }`, { id: user.id }, someAdmin()));
    expect(await keyStates(user.id)).toEqual({ bot: true });
    expect(await sessionOf(user.id)).toBeNull();
    expect((await users.request(refreshMutation, { token: user.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('deletion announces; the state route then answers null', async () => {
    const user = await signUp(users);
    await expectSessionChanged(user, () => users.request(`mutation($id: ID!) { deleteUser(id: $id) }`, { id: user.id }, someAdmin()));
    expect(await sessionOf(user.id)).toBeNull();
  });

  it('reusing a rotated refresh token (theft) revokes the family, bumps and announces', async () => {
    const user = await signUp(users);
    expect((await users.request(refreshMutation, { token: user.refreshToken })).errors).toBeUndefined();
    await expectSessionChanged(user, () => users.request(refreshMutation, { token: user.refreshToken }));
  });

  it('the state route needs the gateway scope and a sane body', async () => {
    const user = await signUp(users);
    expect((await users.internal('POST', sessionStatePath, signedIn(user.id, 'ADMIN'), { userId: user.id })).status).toBe(403);
    expect((await users.internal('POST', sessionStatePath, gateway, { userId: 42 })).status).toBe(400);
    expect((await users.internal('POST', sessionStatePath, gateway, { userId: 'not-a-uuid' })).body).toEqual({ session: null });
  });

  it('answers null for the built-in system user, so no token of it is ever accepted', async () => {
    expect(await users.db.selectFrom('users').select('id').where('id', '=', systemUserId).executeTakeFirst()).toEqual({ id: systemUserId });
    expect(await sessionOf(systemUserId)).toBeNull();
  });

  it('does not answer API key revocations on this channel, only user changes', () => {
    expect(revokedPrefixes).toEqual([]);
  });
});
