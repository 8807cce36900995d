// Auth flow: changing one's own password with updateMe needs the current password; then only the new one logs in.
import { beforeAll, expect, it } from 'vitest';
import { signUp } from '../support/accounts.js';
import { loginMutation, meQuery, refreshMutation, updateMeMutation } from '../support/operations.js';
import { startPlainStack, stopStackAfterAll, type TestStack } from '../support/stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startPlainStack();
});

stopStackAfterAll(() => stack);

const newPassword = 'Brand-New-Secret-77';

it('refuses a password change without or with a wrong current password, and keeps the old password', async () => {
  const account = await signUp(stack, 'pwkeep');
  const missing = await stack.graphql(updateMeMutation, { input: { newPassword } }, { token: account.accessToken });
  expect(missing.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });

  const wrong = await stack.graphql(updateMeMutation, { input: { currentPassword: 'Wrong-Password-123', newPassword } }, { token: account.accessToken });
  expect(wrong.body.data ?? null).toBeNull();
  expect(wrong.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });

  const oldStillWorks = await stack.graphql(loginMutation, { input: { login: account.username, password: account.password } });
  expect(oldStillWorks.body.errors).toBeUndefined();
  const newDoesNot = await stack.graphql(loginMutation, { input: { login: account.username, password: newPassword } });
  expect(newDoesNot.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
});

it('changes the password with the correct current password: the old one fails, the new one works, old sessions end', async () => {
  const account = await signUp(stack, 'pwchange');
  const changed = await stack.graphql(updateMeMutation, { input: { currentPassword: account.password, newPassword } }, { token: account.accessToken });
  expect(changed.body.errors).toBeUndefined();
  expect(changed.body.data.updateMe).toMatchObject({ id: account.id, username: account.username });

  const withOld = await stack.graphql(loginMutation, { input: { login: account.email, password: account.password } });
  expect(withOld.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  const withNew = await stack.graphql(loginMutation, { input: { login: account.email, password: newPassword } });
  expect(withNew.body.errors).toBeUndefined();
  expect(withNew.body.data.login.user.id).toBe(account.id);
  const me = await stack.graphql(meQuery, {}, { token: withNew.body.data.login.accessToken });
  expect(me.body.data.me.id).toBe(account.id);

  const oldSession = await stack.graphql(refreshMutation, { token: account.refreshToken });
  expect(oldSession.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
});

it('refuses updateMe for anonymous callers', async () => {
  const result = await stack.graphql(updateMeMutation, { input: { username: 'someone_else' } });
  expect(result.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
});

it('refuses a weak new password naming the rule, and keeps the old password', async () => {
  const account = await signUp(stack, 'pwweak');
  const weak = await stack.graphql(updateMeMutation, { input: { currentPassword: account.password, newPassword: 'short1' } }, { token: account.accessToken });
  expect(weak.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
  expect(weak.body.errors![0]!.message).toMatch(/8 to 128 characters/);
  const old = await stack.graphql(loginMutation, { input: { login: account.username, password: account.password } });
  expect(old.body.errors).toBeUndefined();
});
