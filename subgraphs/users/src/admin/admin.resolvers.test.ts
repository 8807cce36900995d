import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserMutation, loginMutation, refreshMutation, userFields } from '../test-support/operations.js';
import { goodPassword, signUp } from '../test-support/test-accounts.js';
import { anonymous, signedIn, someAdmin, startUsersTestService, uniqueSuffix, type UsersTestService } from '../test-support/users-test-service.js';

let users: UsersTestService;

beforeAll(async () => {
  users = await startUsersTestService();
});

afterAll(async () => {
  await users?.close();
});

const setRoleMutation = `mutation($id: ID!, $role: Role!) { setUserRole(id: $id, role: $role) { ${userFields} } }`;
const deactivateMutation = `mutation($id: ID!) { deactivateUser(id: $id) { ${userFields} } }`;
const deleteMutation = `mutation($id: ID!) { deleteUser(id: $id) }`;
const usersQuery = `query($first: Int, $after: String, $role: Role, $search: String) {
  users(first: $first, after: $after, role: $role, search: $search) {
    totalCount edges { cursor node { id username email role } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const unknownId = '00000000-0000-4000-8000-000000000000';

const newUserInput = (prefix: string, role = 'VIEWER') => {
  const suffix = uniqueSuffix();
  return { email: `${prefix}.${suffix}@example.com`, username: `${prefix}_${suffix}`, password: goodPassword, role };
};

describe('createUser', () => {
  it('creates a user with the given role (VIEWER by default) who can log in', async () => {
    const input = newUserInput('analyst', 'ANALYST');
    const result = await users.request(createUserMutation, { input }, someAdmin());
    expect(result.errors).toBeUndefined();
    expect(result.data!.createUser).toMatchObject({ email: input.email, username: input.username, role: 'ANALYST', active: true });
    const login = await users.request(loginMutation, { input: { login: input.email, password: goodPassword } });
    expect(login.data!.login.user.role).toBe('ANALYST');
    // Written inline: graphql-jit does not apply input field defaults to variables (graphql-jit#142).
    const plain = newUserInput('plain');
    const viewer = await users.request(
      `mutation { createUser(input: { email: "${plain.email}", username: "${plain.username}", password: "${plain.password}" }) { role } }`,
      {},
      someAdmin(),
    );
    expect(viewer.data).toEqual({ createUser: { role: 'VIEWER' } });
  });

  it('refuses duplicates with CONFLICT and bad input with BAD_USER_INPUT', async () => {
    const existing = await signUp(users);
    const duplicate = await users.request(createUserMutation, { input: { ...newUserInput('dup'), username: existing.username.toUpperCase() } }, someAdmin());
    expect(duplicate.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'username' });
    const weak = await users.request(createUserMutation, { input: { ...newUserInput('weak'), password: 'password123' } }, someAdmin());
    expect(weak.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password', rule: 'common' });
  });
});

describe('setUserRole, deactivateUser, deleteUser', () => {
  it('changes the role', async () => {
    const user = await signUp(users);
    const result = await users.request(setRoleMutation, { id: user.id, role: 'ANALYST' }, someAdmin());
    expect(result.data!.setUserRole).toMatchObject({ id: user.id, role: 'ANALYST', email: user.email });
    const row = await users.db.selectFrom('users').select('role').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.role).toBe('ANALYST');
  });

  it('deactivates a user and revokes all its refresh tokens', async () => {
    const user = await signUp(users);
    const result = await users.request(deactivateMutation, { id: user.id }, someAdmin());
    expect(result.data!.deactivateUser).toMatchObject({ id: user.id, active: false });
    const tokens = await users.db.selectFrom('refresh_tokens').select('revoked_at').where('user_id', '=', user.id).execute();
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.every((token) => token.revoked_at !== null)).toBe(true);
    expect((await users.request(refreshMutation, { token: user.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('deletes a user together with its refresh tokens', async () => {
    const user = await signUp(users);
    expect((await users.request(deleteMutation, { id: user.id }, someAdmin())).data).toEqual({ deleteUser: true });
    expect(await users.db.selectFrom('users').select('id').where('id', '=', user.id).execute()).toEqual([]);
    expect(await users.db.selectFrom('refresh_tokens').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
  });

  it.each([unknownId, 'not-a-uuid', ''])('answers NOT_FOUND for the unknown id %j', async (id) => {
    expect((await users.request(setRoleMutation, { id, role: 'ADMIN' }, someAdmin())).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await users.request(deactivateMutation, { id }, someAdmin())).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await users.request(deleteMutation, { id }, someAdmin())).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('permissions', () => {
  it('gives VIEWERs and ANALYSTs FORBIDDEN and anonymous callers UNAUTHENTICATED on every admin operation', async () => {
    const target = await signUp(users);
    const operations: [string, Record<string, unknown>][] = [
      [usersQuery, {}],
      [createUserMutation, { input: newUserInput('nope') }],
      [setRoleMutation, { id: target.id, role: 'ADMIN' }],
      [deactivateMutation, { id: target.id }],
      [deleteMutation, { id: target.id }],
    ];
    for (const [query, variables] of operations) {
      for (const role of ['VIEWER', 'ANALYST'] as const) {
        const result = await users.request(query, variables, signedIn(target.id, role));
        expect(result.errors?.[0]?.extensions?.code, `${role}: ${query.slice(0, 40)}`).toBe('FORBIDDEN');
        expect(result.data).toBeNull();
      }
      expect((await users.request(query, variables, anonymous())).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const row = await users.db.selectFrom('users').select(['role', 'active']).where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'VIEWER', active: true });
  });
});

describe('users connection', () => {
  it('pages newest first with a stable cursor, filters by role and search, and counts the matches', async () => {
    const tag = `page${uniqueSuffix()}`;
    const created: string[] = [];
    for (let index = 0; index < 5; index++) {
      const role = index % 2 === 0 ? 'ANALYST' : 'VIEWER';
      const result = await users.request(
        createUserMutation,
        { input: { email: `${tag}.${index}@example.com`, username: `${tag}_${index}`, password: goodPassword, role } },
        someAdmin(),
      );
      created.push(result.data!.createUser.id);
    }
    const newestFirst = [...created].reverse();

    const first = await users.request(usersQuery, { first: 2, search: tag.toUpperCase() }, someAdmin());
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.users;
    expect(page1.totalCount).toBe(5);
    expect(page1.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(newestFirst.slice(0, 2));
    expect(page1.edges[0].node.email).toBe(`${tag}.4@example.com`);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: page1.edges[1].cursor });

    const page2 = (await users.request(usersQuery, { first: 2, after: page1.pageInfo.endCursor, search: tag }, someAdmin())).data!.users;
    expect(page2.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(newestFirst.slice(2, 4));
    const page3 = (await users.request(usersQuery, { first: 2, after: page2.pageInfo.endCursor, search: tag }, someAdmin())).data!.users;
    expect(page3.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(newestFirst.slice(4));
    expect(page3.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const analysts = (await users.request(usersQuery, { role: 'ANALYST', search: tag }, someAdmin())).data!.users;
    expect(analysts.totalCount).toBe(3);
    expect(analysts.edges.every((edge: { node: { role: string } }) => edge.node.role === 'ANALYST')).toBe(true);
    expect(
      (await users.request(usersQuery, { search: `${tag}_3` }, someAdmin())).data!.users.edges.map((edge: { node: { id: string } }) => edge.node.id),
    ).toEqual([created[3]]);
    expect((await users.request(usersQuery, { search: '%' + tag }, someAdmin())).data!.users.totalCount).toBe(0);
  });

  it('refuses bad page arguments with BAD_USER_INPUT', async () => {
    for (const variables of [
      { first: 0 },
      { first: 101 },
      { after: 'garbage' },
      { after: Buffer.from('["x","y"]').toString('base64url') },
      { search: 'x'.repeat(101) },
    ]) {
      expect((await users.request(usersQuery, variables, someAdmin())).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
