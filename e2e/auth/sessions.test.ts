// Auth flows through the gateway: signup, login by email/username, failed logins, refresh rotation, reuse detection and logout.
import { beforeAll, describe, expect, it } from 'vitest';
import { goodPassword, logIn, newCredentials, signUp } from '../support/accounts.js';
import { loginMutation, logoutMutation, meQuery, refreshMutation, signupMutation } from '../support/operations.js';
import { startPlainStack, stopStackAfterAll, type TestStack } from '../support/stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startPlainStack();
});

stopStackAfterAll(() => stack);

describe('signup and login', () => {
  it('signs up a VIEWER whose access token works for `me`', async () => {
    const input = newCredentials('signup');
    const signup = await stack.graphql(signupMutation, { input });
    expect(signup.body.errors).toBeUndefined();
    const payload = signup.body.data.signup;
    expect(payload.user).toMatchObject({ username: input.username, email: input.email, role: 'VIEWER', active: true });
    expect(payload.expiresIn).toBeGreaterThan(0);
    expect(payload.accessToken.split('.')).toHaveLength(3);
    expect(payload.refreshToken).not.toBe(payload.accessToken);

    const me = await stack.graphql(meQuery, {}, { token: payload.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.errors).toBeUndefined();
    expect(me.body.data.me).toMatchObject({ id: payload.user.id, username: input.username, email: input.email, role: 'VIEWER' });
  });

  it('`me` is null for an anonymous caller', async () => {
    const me = await stack.graphql(meQuery);
    expect(me.body.errors).toBeUndefined();
    expect(me.body.data).toEqual({ me: null });
  });

  it('logs in by email and by username, each with a working access token', async () => {
    const account = await signUp(stack, 'login');
    const byEmail = await logIn(stack, account.email.toUpperCase(), account.password);
    const byUsername = await logIn(stack, account.username, account.password);
    expect(byEmail.id).toBe(account.id);
    expect(byUsername.id).toBe(account.id);
    for (const token of [byEmail.accessToken, byUsername.accessToken]) {
      const me = await stack.graphql(meQuery, {}, { token });
      expect(me.body.data.me.username).toBe(account.username);
    }
  });

  it('answers a wrong password and an unknown user with the same UNAUTHENTICATED message', async () => {
    const account = await signUp(stack, 'wrongpw');
    const wrong = await stack.graphql(loginMutation, { input: { login: account.username, password: 'Not-The-Password-1' } });
    const unknown = await stack.graphql(loginMutation, { input: { login: `nobody_${account.username}`, password: 'Not-The-Password-1' } });
    const unknownEmail = await stack.graphql(loginMutation, { input: { login: `nobody.${account.email}`, password: goodPassword } });
    for (const result of [wrong, unknown, unknownEmail]) {
      expect(result.body.data ?? null).toBeNull();
      expect(result.body.errors).toHaveLength(1);
      expect(result.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    }
    expect(wrong.body.errors![0]!.message).toBe(unknown.body.errors![0]!.message);
    expect(wrong.body.errors![0]!.message).toBe(unknownEmail.body.errors![0]!.message);
    expect(wrong.body.errors![0]!.message).not.toMatch(/username|email|exist|found/i);
  });
});

describe('refresh tokens', () => {
  it('rotates: a new refresh token, the old access token still verifies, the new access token works', async () => {
    const account = await signUp(stack, 'rotate');
    const refreshed = await stack.graphql(refreshMutation, { token: account.refreshToken });
    expect(refreshed.body.errors).toBeUndefined();
    const next = refreshed.body.data.refreshToken;
    expect(next.refreshToken).not.toBe(account.refreshToken);
    expect(next.accessToken).not.toBe(account.accessToken);
    expect(next.user.id).toBe(account.id);

    const withOld = await stack.graphql(meQuery, {}, { token: account.accessToken });
    expect(withOld.body.data.me.id).toBe(account.id);
    const withNew = await stack.graphql(meQuery, {}, { token: next.accessToken });
    expect(withNew.body.data.me.id).toBe(account.id);

    const again = await stack.graphql(refreshMutation, { token: next.refreshToken });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.refreshToken.refreshToken).not.toBe(next.refreshToken);
  });

  it('reusing a rotated refresh token is UNAUTHENTICATED and revokes the whole family', async () => {
    const account = await signUp(stack, 'reuse');
    const first = await stack.graphql(refreshMutation, { token: account.refreshToken });
    const newest = first.body.data.refreshToken.refreshToken as string;

    const reuse = await stack.graphql(refreshMutation, { token: account.refreshToken });
    expect(reuse.body.data ?? null).toBeNull();
    expect(reuse.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');

    const newestAfterReuse = await stack.graphql(refreshMutation, { token: newest });
    expect(newestAfterReuse.body.data ?? null).toBeNull();
    expect(newestAfterReuse.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('a different session of the same user survives the revocation of another family', async () => {
    const account = await signUp(stack, 'families');
    const other = await logIn(stack, account.username, account.password);
    await stack.graphql(refreshMutation, { token: account.refreshToken });
    await stack.graphql(refreshMutation, { token: account.refreshToken });
    const survivor = await stack.graphql(refreshMutation, { token: other.refreshToken });
    expect(survivor.body.errors).toBeUndefined();
    expect(survivor.body.data.refreshToken.user.id).toBe(account.id);
  });

  it('refuses malformed and unknown refresh tokens with UNAUTHENTICATED', async () => {
    for (const token of ['', 'garbage', 'a'.repeat(500), '00000000-0000-0000-0000-000000000000.deadbeef']) {
      const result = await stack.graphql(refreshMutation, { token });
      expect(result.body.errors?.[0]?.extensions?.code, `token ${JSON.stringify(token.slice(0, 20))}`).toBe('UNAUTHENTICATED');
    }
  });
});

describe('logout', () => {
  it('revokes the session: its refresh token no longer works', async () => {
    const account = await signUp(stack, 'logout');
    const logout = await stack.graphql(logoutMutation, { token: account.refreshToken });
    expect(logout.body.errors).toBeUndefined();
    expect(logout.body.data).toEqual({ logout: true });

    const refresh = await stack.graphql(refreshMutation, { token: account.refreshToken });
    expect(refresh.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('revokes the rotated tokens of the session too', async () => {
    const account = await signUp(stack, 'logout2');
    const rotated = await stack.graphql(refreshMutation, { token: account.refreshToken });
    const newest = rotated.body.data.refreshToken.refreshToken as string;
    const logout = await stack.graphql(logoutMutation, { token: newest });
    expect(logout.body.data).toEqual({ logout: true });
    const refresh = await stack.graphql(refreshMutation, { token: newest });
    expect(refresh.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('answers false for an unknown refresh token', async () => {
    const logout = await stack.graphql(logoutMutation, { token: 'not-a-refresh-token' });
    expect(logout.body.errors).toBeUndefined();
    expect(logout.body.data).toEqual({ logout: false });
  });
});
