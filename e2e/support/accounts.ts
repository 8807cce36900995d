// E2E support: signing up users, logging in, and accounts with a given role through the gateway.
import { expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Role } from '@cryptograph/core';
import type { TestStack } from '@cryptograph/app/testing';
import { loginMutation, setUserRoleMutation, signupMutation } from './operations.js';
import { stackAdmin, startE2eStack } from './stack.js';

/** A password that passes every rule and contains no test username or email. */
export const goodPassword = 'Correct-Horse-9-Battery';

/** A signed-in user with its credentials and tokens. */
export interface Account {
  readonly id: string;
  readonly email: string;
  readonly username: string;
  readonly password: string;
  readonly role: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** A short random suffix that keeps usernames and emails unique across files and runs. */
export function uniqueSuffix(): string {
  // Starts with a letter: an all-digit suffix is dropped when a username is checked against the reserved names.
  return `u${randomBytes(5).toString('hex')}`;
}

/** Fresh sign-up details with a unique email and username. */
export function newCredentials(prefix = 'user'): { email: string; username: string; password: string } {
  const suffix = uniqueSuffix();
  return { email: `${prefix}.${suffix}@example.com`, username: `${prefix}_${suffix}`, password: goodPassword };
}

/** Signs up a fresh VIEWER through the gateway; fails the test when signup fails. */
export async function signUp(stack: TestStack, prefix = 'user'): Promise<Account> {
  const input = newCredentials(prefix);
  const result = await stack.graphql(signupMutation, { input });
  expect(result.body.errors).toBeUndefined();
  const payload = result.body.data.signup;
  return { ...input, id: payload.user.id, role: payload.user.role, accessToken: payload.accessToken, refreshToken: payload.refreshToken };
}

/** Logs in through the gateway; fails the test when login fails. */
export async function logIn(stack: TestStack, login: string, password: string): Promise<Account> {
  const result = await stack.graphql(loginMutation, { input: { login, password } });
  expect(result.body.errors).toBeUndefined();
  const payload = result.body.data.login;
  return {
    id: payload.user.id,
    email: payload.user.email,
    username: payload.user.username,
    password,
    role: payload.user.role,
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
  };
}

/** Logs in as the bootstrap admin of a stack started with `startE2eStack`. */
export function logInAdmin(stack: TestStack): Promise<Account> {
  return logIn(stack, stackAdmin.email, stackAdmin.password);
}

/** Starts the e2e stack (see `startE2eStack`) and signs its bootstrap admin in. */
export async function startE2eStackWithAdmin(overrides: Record<string, string> = {}): Promise<{ stack: TestStack; admin: Account }> {
  const stack = await startE2eStack(overrides);
  return { stack, admin: await logInAdmin(stack) };
}

/** Signs up a user, has `admin` give it `role`, and logs it in again so its token carries the role. */
export async function accountWithRole(stack: TestStack, admin: Account, role: Role, prefix = role.toLowerCase()): Promise<Account> {
  const account = await signUp(stack, prefix);
  if (role === 'VIEWER') return account;
  const changed = await stack.graphql(setUserRoleMutation, { id: account.id, role }, { token: admin.accessToken });
  expect(changed.body.errors).toBeUndefined();
  return logIn(stack, account.username, account.password);
}
