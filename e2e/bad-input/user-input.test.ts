// Invalid user input through the gateway (unknown fields, wrong types, empty/huge strings, bad emails, weak passwords,
// duplicates, unknown or non-uuid ids) is refused precisely and leaves no partial data.
import { beforeAll, describe, expect, it } from 'vitest';
import { goodPassword, newCredentials, signUp, startE2eStackWithAdmin, type Account } from '../support/accounts.js';
import {
  deactivateUserMutation,
  deleteUserMutation,
  loginMutation,
  setUserRoleMutation,
  signupMutation,
  userQuery,
  usersQuery,
} from '../support/operations.js';
import { getJson, stopStackAfterAll, type TestStack } from '../support/stack.js';

let stack: TestStack;
let admin: Account;

beforeAll(async () => {
  ({ stack, admin } = await startE2eStackWithAdmin());
});

stopStackAfterAll(() => stack);

type Result = Awaited<ReturnType<TestStack['graphql']>>;

function expectCode(result: Result, code: string, label: string, field?: string): void {
  for (const value of Object.values(result.body.data ?? {})) expect(value, label).toBeNull();
  expect(result.body.errors?.[0]?.extensions?.code, `${label}: ${result.body.errors?.[0]?.message}`).toBe(code);
  if (field) expect(result.body.errors?.[0]?.extensions?.field, label).toBe(field);
  expect(JSON.stringify(result.body), label).not.toMatch(/at \w+ \(|node_modules|SELECT |INSERT |violates/);
}

/** Proves a failed request left no user with this email behind (the admin's search finds none) and the gateway is healthy. */
async function expectNoUser(email: string, label: string): Promise<void> {
  const listed = await stack.graphql(usersQuery, { search: email }, { token: admin.accessToken });
  expect(listed.body.data.users.totalCount, label).toBe(0);
  const health = await getJson(stack.gatewayUrl, '/health');
  expect(health.status, label).toBe(200);
}

describe('signup validation', () => {
  it('unknown input fields are refused (no self-assigned role) and no user is created', async () => {
    const creds = newCredentials('unknownfield');
    const inline = await stack.graphql(
      `mutation { signup(input: { email: "${creds.email}", username: "${creds.username}", password: "${creds.password}", role: ADMIN }) { user { id role } } }`,
    );
    expectCode(inline, 'BAD_USER_INPUT', 'inline role');
    const viaVariables = await stack.graphql(signupMutation, { input: { ...creds, role: 'ADMIN' } });
    expectCode(viaVariables, 'BAD_USER_INPUT', 'variable role');
    await expectNoUser(creds.email, 'unknown field');

    const login = await stack.graphql(loginMutation, { input: { login: creds.email, password: creds.password } });
    expectCode(login, 'UNAUTHENTICATED', 'login after refused signup');
    const retry = await stack.graphql(signupMutation, { input: creds });
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data.signup.user).toMatchObject({ email: creds.email, role: 'VIEWER' });
  });

  it('unknown output fields are refused', async () => {
    expectCode(await stack.graphql('{ me { id passwordHash } }'), 'BAD_USER_INPUT', 'passwordHash');
  });

  it('wrong variable types are refused before any subgraph runs', async () => {
    const creds = newCredentials('wrongtype');
    expectCode(await stack.graphql(signupMutation, { input: { ...creds, username: 12345 } }), 'BAD_USER_INPUT', 'number username');
    expectCode(await stack.graphql(signupMutation, { input: { ...creds, password: null } }), 'BAD_USER_INPUT', 'null password');
    expectCode(await stack.graphql(signupMutation, { input: 'not an object' }), 'BAD_USER_INPUT', 'string input');
    expectCode(await stack.graphql(signupMutation, {}), 'BAD_USER_INPUT', 'missing input');
    expectCode(
      await stack.graphql(usersQuery.replace('$search: String', '$search: Int'), { search: 'x' }, { token: admin.accessToken }),
      'BAD_USER_INPUT',
      'wrong variable type',
    );
    expectCode(await stack.graphql('query { users(first: "ten") { totalCount } }', {}, { token: admin.accessToken }), 'BAD_USER_INPUT', 'string first');
    await expectNoUser(creds.email, 'wrong types');
  });

  it('empty strings name the offending field', async () => {
    const creds = newCredentials('empty');
    expectCode(await stack.graphql(signupMutation, { input: { ...creds, email: '' } }), 'BAD_USER_INPUT', 'empty email', 'email');
    expectCode(await stack.graphql(signupMutation, { input: { ...creds, username: '' } }), 'BAD_USER_INPUT', 'empty username', 'username');
    expectCode(await stack.graphql(signupMutation, { input: { ...creds, password: '' } }), 'BAD_USER_INPUT', 'empty password', 'password');
    expectCode(await stack.graphql(loginMutation, { input: { login: '', password: goodPassword } }), 'BAD_USER_INPUT', 'empty login', 'login');
    await expectNoUser(creds.email, 'empty strings');
  });

  it('10 KB strings are refused with BAD_USER_INPUT', async () => {
    const huge = 'a'.repeat(10 * 1024);
    const creds = newCredentials('huge');
    expectCode(await stack.graphql(signupMutation, { input: { ...creds, email: `${huge}@example.com` } }), 'BAD_USER_INPUT', 'huge email', 'email');
    expectCode(await stack.graphql(signupMutation, { input: { ...creds, username: huge } }), 'BAD_USER_INPUT', 'huge username', 'username');
    expectCode(await stack.graphql(signupMutation, { input: { ...creds, password: `${huge}1!` } }), 'BAD_USER_INPUT', 'huge password', 'password');
    expectCode(await stack.graphql(loginMutation, { input: { login: huge, password: goodPassword } }), 'BAD_USER_INPUT', 'huge login', 'login');
    expectCode(await stack.graphql(loginMutation, { input: { login: creds.username, password: huge } }), 'BAD_USER_INPUT', 'huge login password', 'password');
    const asset = await stack.graphql('query($s: String!) { asset(symbol: $s) { name } }', { s: huge }, { token: admin.accessToken });
    expectCode(asset, 'BAD_USER_INPUT', 'huge symbol', 'symbol');
    await expectNoUser(creds.email, 'huge strings');
  });

  it('an invalid email is refused naming the field', async () => {
    for (const email of ['not-an-email', 'a@', '@example.com', 'two@@example.com', 'spaces in@example.com']) {
      const creds = newCredentials('bademail');
      expectCode(await stack.graphql(signupMutation, { input: { ...creds, email } }), 'BAD_USER_INPUT', email, 'email');
    }
  });

  it('weak passwords are refused with a message naming the rule', async () => {
    const creds = newCredentials('weak');
    const cases: [string, RegExp][] = [
      ['Short-1', /8 to 128 characters/],
      ['x'.repeat(129) + '1', /8 to 128 characters/],
      ['Password123!', /commonly used/],
      ['abababababab', /repeated/],
      [`${creds.username}-1234`, /username/],
      [`Xy-${creds.email.split('@')[0]}-9`, /email/],
    ];
    for (const [password, message] of cases) {
      const result = await stack.graphql(signupMutation, { input: { ...creds, password } });
      expectCode(result, 'BAD_USER_INPUT', password.slice(0, 20), 'password');
      expect(result.body.errors![0]!.message, password.slice(0, 20)).toMatch(message);
    }
    await expectNoUser(creds.email, 'weak passwords');
    const retry = await stack.graphql(signupMutation, { input: creds });
    expect(retry.body.errors).toBeUndefined();
  });

  it('a duplicate email or username is CONFLICT naming the field, whatever the case, and creates nothing', async () => {
    const existing = await signUp(stack, 'dup');
    const byEmail = await stack.graphql(signupMutation, { input: { ...newCredentials('dup2'), email: existing.email.toUpperCase() } });
    expectCode(byEmail, 'CONFLICT', 'duplicate email', 'email');
    const fresh = newCredentials('dup3');
    const byUsername = await stack.graphql(signupMutation, { input: { ...fresh, username: existing.username.toUpperCase() } });
    expectCode(byUsername, 'CONFLICT', 'duplicate username', 'username');
    await expectNoUser(fresh.email, 'duplicate username');
    const listed = await stack.graphql(usersQuery, { search: existing.username }, { token: admin.accessToken });
    expect(listed.body.data.users.totalCount).toBe(1);
  });
});

describe('ids', () => {
  const unknownId = '00000000-0000-4000-8000-000000000000';

  it('unknown ids are NOT_FOUND for admin mutations and null for user(id)', async () => {
    expectCode(await stack.graphql(setUserRoleMutation, { id: unknownId, role: 'ADMIN' }, { token: admin.accessToken }), 'NOT_FOUND', 'setUserRole');
    expectCode(await stack.graphql(deactivateUserMutation, { id: unknownId }, { token: admin.accessToken }), 'NOT_FOUND', 'deactivateUser');
    expectCode(await stack.graphql(deleteUserMutation, { id: unknownId }, { token: admin.accessToken }), 'NOT_FOUND', 'deleteUser');
    const user = await stack.graphql(userQuery, { id: unknownId }, { token: admin.accessToken });
    expect(user.body).toEqual({ data: { user: null }, extensions: { cost: expect.any(Object) } });
  });

  it('non-uuid ids are NOT_FOUND or BAD_USER_INPUT, never an internal error', async () => {
    for (const id of ['not-a-uuid', '', "1' OR '1'='1", '0'.repeat(5000)]) {
      for (const mutation of [deactivateUserMutation, deleteUserMutation]) {
        const result = await stack.graphql(mutation, { id }, { token: admin.accessToken });
        expect(['NOT_FOUND', 'BAD_USER_INPUT'], `${mutation.slice(9, 20)} ${id.slice(0, 12)}`).toContain(result.body.errors?.[0]?.extensions?.code);
      }
      const user = await stack.graphql(userQuery, { id }, { token: admin.accessToken });
      if (user.body.errors) expect(['NOT_FOUND', 'BAD_USER_INPUT']).toContain(user.body.errors[0]!.extensions!.code);
      else expect(user.body.data).toEqual({ user: null });
      const model = await stack.graphql('query($id: ID!) { model(id: $id) { id } }', { id }, { token: admin.accessToken });
      if (model.body.errors) expect(['NOT_FOUND', 'BAD_USER_INPUT']).toContain(model.body.errors[0]!.extensions!.code);
      else expect(model.body.data).toEqual({ model: null });
    }
    const health = await getJson(stack.gatewayUrl, '/health');
    expect(health.status).toBe(200);
  });
});
