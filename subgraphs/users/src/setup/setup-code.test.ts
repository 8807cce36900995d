import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupMutation, updateMeMutation } from '../test-support/operations.js';
import { goodPassword, signUp } from '../test-support/test-accounts.js';
import { signedIn, startUsersTestService, uniqueSuffix, type UsersTestService } from '../test-support/users-test-service.js';
import { announceSetupCode, issueSetupCodeIfNoAdmin } from './setup-codes.js';

let users: UsersTestService;

beforeAll(async () => {
  users = await startUsersTestService();
});

afterAll(async () => {
  await users?.close();
});

const input = (extra: Record<string, unknown> = {}) => {
  const suffix = uniqueSuffix();
  return { email: `first.${suffix}@example.com`, username: `first_${suffix}`, password: goodPassword, ...extra };
};
const signup = (values: Record<string, unknown>) => users.request(signupMutation, { input: values });
const invalidCode = { message: 'The setup code is not valid.', extensions: { code: 'BAD_USER_INPUT', field: 'setupCode' } };

describe('the one-time setup code of an installation without an admin', () => {
  it('is printed in the log with the code, and stored only hashed', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    await announceSetupCode(users.db, pino({ name: 'users' }, sink));
    const line = JSON.parse(lines[0]!) as { msg: string; setupCode: string };
    expect(line.setupCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(line.msg).toContain(line.setupCode);
    const stored = await users.db.selectFrom('setup_codes').select('code_hash').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(line.setupCode.replace(/-/g, ''));
  });

  it('refuses a wrong code with one message that tells nothing more, and creates nothing', async () => {
    await issueSetupCodeIfNoAdmin(users.db);
    const values = input({ setupCode: 'AAAAA-BBBBB-CCCCC-DDDDD' });
    expect((await signup(values)).errors?.[0]).toMatchObject(invalidCode);
    expect(await users.db.selectFrom('users').select('id').where('email', '=', values.email).execute()).toEqual([]);
  });

  it('only the code printed last works; it makes that sign-up the ADMIN (also with an admin-like name), once', async () => {
    const older = await issueSetupCodeIfNoAdmin(users.db);
    const code = (await issueSetupCodeIfNoAdmin(users.db))!;
    expect((await signup(input({ setupCode: older }))).errors?.[0]).toMatchObject(invalidCode);
    const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `;
    const admin = await signup(input({ setupCode: typed, username: 'Administrator' }));
    expect(admin.errors).toBeUndefined();
    expect(admin.data!.signup.user).toMatchObject({ role: 'ADMIN', username: 'Administrator' });
    expect(await users.verifyAccessToken(admin.data!.signup.accessToken)).toMatchObject({ role: 'ADMIN' });
    expect((await signup(input({ setupCode: code }))).errors?.[0]).toMatchObject(invalidCode);
    expect(await issueSetupCodeIfNoAdmin(users.db)).toBeNull();
    expect(await users.db.selectFrom('setup_codes').select('id').execute()).toEqual([]);
    expect((await signUp(users)).id).toBeDefined();
  });
});

describe('a code used by two sign-ups at once', () => {
  it('makes exactly one of them the admin', async () => {
    const other = await startUsersTestService();
    try {
      const code = (await issueSetupCodeIfNoAdmin(other.db))!;
      const results = await Promise.all(Array.from({ length: 5 }, () => other.request(signupMutation, { input: input({ setupCode: code }) })));
      expect(results.filter((result) => result.data?.signup?.user?.role === 'ADMIN')).toHaveLength(1);
      expect(results.filter((result) => result.errors?.[0]?.extensions?.field === 'setupCode')).toHaveLength(4);
      expect(await other.db.selectFrom('users').select('id').where('role', '=', 'ADMIN').execute()).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

describe('reserved usernames', () => {
  it.each([
    'admin',
    'Admin',
    'ADMINISTRATOR',
    'root',
    'root_2',
    'sys.admin',
    'system',
    'superuser',
    'Support',
    'adm1n',
    '4dmin',
    'r00t',
    'the_admin',
    'root.ops',
    'cryptograph-team',
  ])('%s cannot be signed up for', async (username) => {
    const result = await signup(input({ username }));
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'username', rule: 'reserved' });
  });

  it('cannot be renamed to either, while other names stay free', async () => {
    const user = await signUp(users);
    const me = signedIn(user.id, 'VIEWER');
    expect((await users.request(updateMeMutation, { input: { username: 'root' } }, me)).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'username',
      rule: 'reserved',
    });
    expect((await signup(input({ username: `adminton_${uniqueSuffix()}` }))).errors).toBeUndefined();
  });

  it.each(['badminton', 'su_li', 'api_fan', 'rootless', 'modern'])('names that only contain an admin-like part stay free: %s', async (name) => {
    expect((await signup(input({ username: `${name}_${uniqueSuffix()}` }))).errors).toBeUndefined();
  });
});
