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

/** The message of the OperatorError `run` fails with (the one line an operator sees), or "accepted". */
async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    expect((error as Error).name).toBe('OperatorError');
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
}

describe('ensureAdmin', () => {
  it('creates the admin once and returns the same user on later calls, changing nothing', async () => {
    const account = adminAccount();
    const created = await ensureAdmin(users.connection, account);
    expect(created).toMatchObject({ email: account.email, username: account.username, role: 'ADMIN', active: true });
    const again = await ensureAdmin(users.connection, { ...account, email: account.email.toUpperCase(), password: 'Other-password-1' });
    expect(again.id).toBe(created.id);
    expect(await users.db.selectFrom('users').select('id').where('username', '=', account.username).execute()).toHaveLength(1);
    const login = await users.request(`mutation($input: LoginInput!) { login(input: $input) { user { role } } }`, {
      input: { login: account.username, password: goodPassword },
    });
    expect(login.data).toEqual({ login: { user: { role: 'ADMIN' } } });
  });

  it('never promotes: a non-admin holding the email or the username is refused with one line naming the variable', async () => {
    const viewer = await signUp(users);
    await users.db.updateTable('users').set({ active: false }).where('id', '=', viewer.id).execute();
    expect(
      await refusal(() => ensureAdmin(users.connection, { email: `unused.${uniqueSuffix()}@example.com`, username: viewer.username, password: goodPassword })),
    ).toMatch(/^ADMIN_USERNAME: belongs to an existing account that is not an admin;/);
    expect(await refusal(() => ensureAdmin(users.connection, { email: viewer.email, username: `unused_${uniqueSuffix()}`, password: goodPassword }))).toMatch(
      /^ADMIN_EMAIL: belongs to an existing account that is not an admin;/,
    );
    expect(await users.db.selectFrom('users').select(['role', 'active']).where('id', '=', viewer.id).executeTakeFirstOrThrow()).toEqual({
      role: 'VIEWER',
      active: false,
    });
  });

  it('after the admin changed its email, whoever signs up with the old one does not become admin at the next start', async () => {
    const account = adminAccount();
    const admin = await ensureAdmin(users.connection, account);
    const newEmail = `moved.${uniqueSuffix()}@example.com`;
    expect(
      (
        await users.request(
          'mutation($input: UpdateMeInput!) { updateMe(input: $input) { email } }',
          { input: { email: newEmail } },
          signedIn(admin.id, 'ADMIN'),
        )
      ).data,
    ).toEqual({ updateMe: { email: newEmail } });
    const squatter = await users.request('mutation($input: SignupInput!) { signup(input: $input) { user { id role } } }', {
      input: { email: account.email, username: `squatter_${uniqueSuffix()}`, password: goodPassword },
    });
    expect(squatter.data!.signup.user.role).toBe('VIEWER');
    expect(await refusal(() => ensureAdmin(users.connection, account))).toMatch(/^ADMIN_EMAIL: belongs to an existing account that is not an admin;/);
    const row = await users.db.selectFrom('users').select('role').where('id', '=', squatter.data!.signup.user.id).executeTakeFirstOrThrow();
    expect(row.role).toBe('VIEWER');
  });

  it('refuses invalid values and a password the policy refuses with one line naming the variable and the rule', async () => {
    expect(await refusal(() => ensureAdmin(users.connection, { ...adminAccount(), password: 'short' }))).toBe(
      'ADMIN_PASSWORD: Password must be 8 to 128 characters long; a passphrase of a few words is easiest to remember. (rule: length)',
    );
    expect(await refusal(() => ensureAdmin(users.connection, { ...adminAccount(), password: 'password1' }))).toMatch(
      /^ADMIN_PASSWORD: Password is one of the most commonly used passwords; .* \(rule: common\)$/,
    );
    expect(await refusal(() => ensureAdmin(users.connection, { ...adminAccount(), email: 'nope' }))).toBe('ADMIN_EMAIL: Email is not a valid email address.');
    expect(await refusal(() => ensureAdmin(users.connection, { ...adminAccount(), username: 'no way' }))).toMatch(/^ADMIN_USERNAME: Username must be/);
    const cli = { email: '--email', username: '--username', password: '--password' };
    expect(await refusal(() => ensureAdmin(users.connection, { ...adminAccount(), password: 'short' }, cli))).toMatch(/^--password: Password must be 8 to 128/);
  });

  it('may use a reserved username such as "admin", which sign-ups cannot', async () => {
    const created = await ensureAdmin(users.connection, { email: `boss.${uniqueSuffix()}@example.com`, username: 'Admin', password: goodPassword });
    expect(created).toMatchObject({ username: 'Admin', role: 'ADMIN' });
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
    expect(await users.db.selectFrom('users').select(['role', 'active']).where('id', '=', last.id).executeTakeFirstOrThrow()).toEqual({
      role: 'ADMIN',
      active: true,
    });

    const second = await ensureAdmin(users.connection, adminAccount());
    expect((await users.request(attempts[0]![0], { id: last.id }, asLast)).data).toEqual({ setUserRole: { role: 'VIEWER' } });
    const asSecond = signedIn(second.id, 'ADMIN');
    expect((await users.request(attempts[1]![0], { id: second.id }, asSecond)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await users.request(attempts[2]![0], { id: second.id }, asSecond)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
