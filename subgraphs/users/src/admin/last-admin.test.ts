import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from './ensure-admin.js';
import { goodPassword, signUp } from '../test-support/test-accounts.js';
import { signedIn, startUsersTestService, uniqueSuffix, type UsersTestService } from '../test-support/users-test-service.js';

let users: UsersTestService;

beforeAll(async () => {
  users = await startUsersTestService();
});

afterAll(async () => {
  await users?.close();
});

const adminAccount = () => {
  const suffix = uniqueSuffix();
  return { email: `root.${suffix}@example.com`, username: `root_${suffix}`, password: goodPassword };
};

describe('ensureAdmin', () => {
  it('creates the admin once and returns the same user on later calls', async () => {
    const account = adminAccount();
    const created = await ensureAdmin(users.connection, account);
    expect(created).toMatchObject({ email: account.email, username: account.username, role: 'ADMIN', active: true });
    const again = await ensureAdmin(users.connection, { ...account, email: account.email.toUpperCase(), password: 'Other-password-1' });
    expect(again.id).toBe(created.id);
    expect(await users.db.selectFrom('users').select('id').where('username', '=', account.username).execute()).toHaveLength(1);
    const login = await users.request(`mutation($input: LoginInput!) { login(input: $input) { user { role } } }`, { input: { login: account.username, password: goodPassword } });
    expect(login.data).toEqual({ login: { user: { role: 'ADMIN' } } });
  });

  it('promotes and reactivates an existing user found by email or username', async () => {
    const viewer = await signUp(users);
    await users.db.updateTable('users').set({ active: false }).where('id', '=', viewer.id).execute();
    const promoted = await ensureAdmin(users.connection, { email: `unused.${uniqueSuffix()}@example.com`, username: viewer.username, password: goodPassword });
    expect(promoted).toMatchObject({ id: viewer.id, role: 'ADMIN', active: true, email: viewer.email });
  });

  it('validates its input', async () => {
    await expect(ensureAdmin(users.connection, { ...adminAccount(), password: 'short' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'password' } });
    await expect(ensureAdmin(users.connection, { ...adminAccount(), email: 'nope' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'email' } });
  });
});

describe('last active admin', () => {
  it('cannot be demoted, deactivated or deleted; another admin can be', async () => {
    const last = await ensureAdmin(users.connection, adminAccount());
    // This file owns the admins of its database: leave `last` as the only active one.
    await users.db.updateTable('users').set({ role: 'VIEWER' }).where('role', '=', 'ADMIN').where('id', '!=', last.id).execute();
    const asLast = signedIn(last.id, 'ADMIN');
    const attempts: [string, Record<string, unknown>][] = [
      ['mutation($id: ID!) { setUserRole(id: $id, role: VIEWER) { role } }', { id: last.id }],
      ['mutation($id: ID!) { deactivateUser(id: $id) { active } }', { id: last.id }],
      ['mutation($id: ID!) { deleteUser(id: $id) }', { id: last.id }],
    ];
    for (const [query, variables] of attempts) {
      expect((await users.request(query, variables, asLast)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    }
    expect(await users.db.selectFrom('users').select(['role', 'active']).where('id', '=', last.id).executeTakeFirstOrThrow()).toEqual({ role: 'ADMIN', active: true });

    const second = await ensureAdmin(users.connection, adminAccount());
    expect((await users.request(attempts[0]![0], { id: last.id }, asLast)).data).toEqual({ setUserRole: { role: 'VIEWER' } });
    const asSecond = signedIn(second.id, 'ADMIN');
    expect((await users.request(attempts[1]![0], { id: second.id }, asSecond)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await users.request(attempts[2]![0], { id: second.id }, asSecond)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
