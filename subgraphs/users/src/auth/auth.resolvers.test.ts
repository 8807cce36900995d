import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginMutation, logoutMutation, meQuery, refreshMutation, signupMutation } from '../test-support/operations.js';
import { goodPassword, signUp } from '../test-support/test-accounts.js';
import { signedIn, someAdmin, startUsersTestService, uniqueSuffix, type UsersTestService } from '../test-support/users-test-service.js';

let users: UsersTestService;

beforeAll(async () => {
  users = await startUsersTestService();
});

afterAll(async () => {
  await users?.close();
});

const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.code;

describe('signup', () => {
  it('creates a VIEWER and returns working tokens', async () => {
    const suffix = uniqueSuffix();
    const result = await users.request(signupMutation, { input: { email: `  New.${suffix}@Example.COM `, username: `New_${suffix}`, password: goodPassword } });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.signup;
    expect(payload.user).toMatchObject({ email: `new.${suffix}@example.com`, username: `New_${suffix}`, role: 'VIEWER', active: true });
    expect(payload.expiresIn).toBe(900);
    expect(payload.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    const claims = await users.verifyAccessToken(payload.accessToken);
    expect(claims).toMatchObject({ userId: payload.user.id, role: 'VIEWER', sessionVersion: 0 });
    const stored = await users.db.selectFrom('users').select(['password_hash', 'email']).where('id', '=', payload.user.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    const token = await users.db.selectFrom('refresh_tokens').select('token_hash').where('user_id', '=', payload.user.id).executeTakeFirstOrThrow();
    expect(token.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(payload.refreshToken).not.toContain(token.token_hash);
  });

  it('refuses a duplicate email or username (any case) with CONFLICT naming the field', async () => {
    const existing = await signUp(users);
    const sameEmail = await users.request(signupMutation, {
      input: { email: existing.email.toUpperCase(), username: `other_${uniqueSuffix()}`, password: goodPassword },
    });
    expect(sameEmail.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'email' });
    const sameUsername = await users.request(signupMutation, {
      input: { email: `other.${uniqueSuffix()}@example.com`, username: existing.username.toUpperCase(), password: goodPassword },
    });
    expect(sameUsername.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'username' });
  });

  it.each([
    ['short1!', 'length'],
    ['x'.repeat(129) + '1', 'length'],
    ['Password123!', 'common'],
    ['zzzzzzzzzz', 'repetitive'],
  ])('refuses the weak password %j naming the rule %s', async (password, rule) => {
    const suffix = uniqueSuffix();
    const result = await users.request(signupMutation, { input: { email: `weak.${suffix}@example.com`, username: `weak_${suffix}`, password } });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password', rule });
    expect(result.errors?.[0]?.message).toMatch(/^Password (must|is one of)/);
  });

  it('refuses a password containing the username or the email local part', async () => {
    const suffix = uniqueSuffix();
    const withUsername = await users.request(signupMutation, {
      input: { email: `mail.${suffix}@example.com`, username: `Zed${suffix}`, password: `my-zed${suffix}-pass1` },
    });
    expect(withUsername.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'no-username' });
    const withEmail = await users.request(signupMutation, {
      input: { email: `mailbox${suffix}@example.com`, username: `u${suffix}`, password: `X-MAILBOX${suffix}-9` },
    });
    expect(withEmail.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'no-email' });
  });

  it.each([
    ['email', 'not-an-email'],
    ['email', ''],
    ['email', `${'a'.repeat(250)}@example.com`],
    ['username', ''],
    ['username', 'ab'],
    ['username', 'has space'],
    ['username', 'x'.repeat(100_000)],
  ])('refuses an invalid %s %#', async (field, value) => {
    const suffix = uniqueSuffix();
    const input = { email: `valid.${suffix}@example.com`, username: `valid_${suffix}`, password: goodPassword, [field]: value };
    const result = await users.request(signupMutation, { input });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await users.db.selectFrom('users').select('id').where('email', '=', input.email).execute()).toEqual([]);
  });
});

describe('login', () => {
  it('signs in by email or by username, case-insensitively', async () => {
    const user = await signUp(users);
    for (const login of [user.email.toUpperCase(), user.username.toUpperCase(), ` ${user.email} `]) {
      const result = await users.request(loginMutation, { input: { login, password: user.password } });
      expect(result.errors).toBeUndefined();
      expect(result.data!.login.user.id).toBe(user.id);
      expect(await users.verifyAccessToken(result.data!.login.accessToken)).toMatchObject({ userId: user.id, role: 'VIEWER' });
    }
  });

  it('answers a wrong password and an unknown login with the same UNAUTHENTICATED error', async () => {
    const user = await signUp(users);
    const wrong = await users.request(loginMutation, { input: { login: user.username, password: 'Wrong-password-1' } });
    const unknown = await users.request(loginMutation, { input: { login: `nobody_${uniqueSuffix()}`, password: 'Wrong-password-1' } });
    expect(wrong.errors?.[0]).toMatchObject({ message: 'Invalid login or password.', extensions: { code: 'UNAUTHENTICATED' } });
    expect(unknown.errors?.[0]).toMatchObject({ message: 'Invalid login or password.', extensions: { code: 'UNAUTHENTICATED' } });
    expect(wrong.data).toBeNull();
  });

  it('refuses empty and huge credentials with BAD_USER_INPUT', async () => {
    expect((await users.request(loginMutation, { input: { login: '', password: 'x' } })).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'login',
    });
    expect((await users.request(loginMutation, { input: { login: 'x'.repeat(300_000), password: 'x' } })).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'login',
    });
    expect((await users.request(loginMutation, { input: { login: 'someone', password: '' } })).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'password',
    });
    expect((await users.request(loginMutation, { input: { login: 'someone', password: 'p'.repeat(300_000) } })).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'password',
    });
  });
});

describe('me', () => {
  it('is the caller, or null when anonymous', async () => {
    const user = await signUp(users);
    const mine = await users.request(meQuery, {}, signedIn(user.id, 'VIEWER'));
    expect(mine.data!.me).toMatchObject({ id: user.id, email: user.email, username: user.username });
    expect((await users.request(meQuery)).data).toEqual({ me: null });
  });
});

describe('refreshToken', () => {
  it('rotates: the new token works, the old one is then reuse and revokes the whole family', async () => {
    const user = await signUp(users);
    const first = await users.request(refreshMutation, { token: user.refreshToken });
    expect(first.errors).toBeUndefined();
    const second = first.data!.refreshToken;
    expect(second.refreshToken).not.toBe(user.refreshToken);
    expect(second.user.id).toBe(user.id);
    expect(await users.verifyAccessToken(second.accessToken)).toMatchObject({ userId: user.id, role: 'VIEWER' });

    const reuse = await users.request(refreshMutation, { token: user.refreshToken });
    expect(reuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const afterReuse = await users.request(refreshMutation, { token: second.refreshToken });
    expect(afterReuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const rows = await users.db.selectFrom('refresh_tokens').select(['revoked_at', 'used_at', 'replaced_by']).where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.revoked_at !== null)).toBe(true);
  });

  it('picks up a role change at the next refresh', async () => {
    const user = await signUp(users);
    await users.db.updateTable('users').set({ role: 'ANALYST' }).where('id', '=', user.id).execute();
    const result = await users.request(refreshMutation, { token: user.refreshToken });
    expect(await users.verifyAccessToken(result.data!.refreshToken.accessToken)).toMatchObject({ userId: user.id, role: 'ANALYST' });
  });

  it('refuses an access token, garbage, a forged secret and an expired token with UNAUTHENTICATED', async () => {
    const user = await signUp(users);
    const forged = `${user.refreshToken.split('.')[0]}.${'A'.repeat(43)}`;
    for (const token of [user.accessToken, '', 'x'.repeat(100_000), 'not-a-token', forged]) {
      expect(codeOf(await users.request(refreshMutation, { token }))).toBe('UNAUTHENTICATED');
    }
    await users.db
      .updateTable('refresh_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('user_id', '=', user.id)
      .execute();
    expect(codeOf(await users.request(refreshMutation, { token: user.refreshToken }))).toBe('UNAUTHENTICATED');
  });
});

describe('logout', () => {
  it('revokes the session, and is false for an unknown token', async () => {
    const user = await signUp(users);
    const rotated = (await users.request(refreshMutation, { token: user.refreshToken })).data!.refreshToken.refreshToken as string;
    expect((await users.request(logoutMutation, { token: rotated })).data).toEqual({ logout: true });
    expect(codeOf(await users.request(refreshMutation, { token: rotated }))).toBe('UNAUTHENTICATED');
    expect((await users.request(logoutMutation, { token: 'unknown' })).data).toEqual({ logout: false });
    const unknownId = `00000000-0000-4000-8000-000000000000.${'A'.repeat(43)}`;
    expect((await users.request(logoutMutation, { token: unknownId })).data).toEqual({ logout: false });
  });

  it('leaves other sessions of the same user alone', async () => {
    const user = await signUp(users);
    const other = (await users.request(loginMutation, { input: { login: user.username, password: user.password } })).data!.login.refreshToken as string;
    expect((await users.request(logoutMutation, { token: user.refreshToken })).data).toEqual({ logout: true });
    expect(codeOf(await users.request(refreshMutation, { token: other }))).toBeUndefined();
  });
});

describe('deactivated users', () => {
  it('can neither log in nor refresh', async () => {
    const user = await signUp(users);
    const deactivated = await users.request(`mutation($id: ID!) { deactivateUser(id: $id) { active } }`, { id: user.id }, someAdmin());
    expect(deactivated.data).toEqual({ deactivateUser: { active: false } });
    expect(codeOf(await users.request(loginMutation, { input: { login: user.email, password: user.password } }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await users.request(refreshMutation, { token: user.refreshToken }))).toBe('UNAUTHENTICATED');
  });
});
