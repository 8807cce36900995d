// Role rules on the users subgraph: admin-only operations, anonymous access to user(id) and who sees a user's email.
import { beforeAll, describe, expect, it } from 'vitest';
import { accountWithRole, logIn, newCredentials, signUp, startE2eStackWithAdmin, type Account } from '../support/accounts.js';
import { createUserMutation, deactivateUserMutation, deleteUserMutation, meQuery, setUserRoleMutation, userQuery, usersQuery } from '../support/operations.js';
import { stopStackAfterAll, type TestStack } from '../support/stack.js';

let stack: TestStack;
let admin: Account;
let viewer: Account;
let analyst: Account;

beforeAll(async () => {
  ({ stack, admin } = await startE2eStackWithAdmin());
  [viewer, analyst] = await Promise.all([signUp(stack, 'viewer'), accountWithRole(stack, admin, 'ANALYST')]);
});

stopStackAfterAll(() => stack);

/** Reads a user as the admin, to check that refused operations changed nothing. */
async function adminView(id: string): Promise<Record<string, unknown> | null> {
  const result = await stack.graphql(userQuery, { id }, { token: admin.accessToken });
  expect(result.body.errors).toBeUndefined();
  return result.body.data.user;
}

describe('admin-only operations', () => {
  it('the tokens carry the roles the scenarios rely on', async () => {
    expect(admin.role).toBe('ADMIN');
    expect(viewer.role).toBe('VIEWER');
    expect(analyst.role).toBe('ANALYST');
  });

  for (const who of ['viewer', 'analyst'] as const) {
    it(`a ${who.toUpperCase()} gets FORBIDDEN on every admin operation and nothing changes`, async () => {
      const caller = who === 'viewer' ? viewer : analyst;
      const target = await signUp(stack, `target${who}`);
      const before = await adminView(target.id);
      const creds = newCredentials(`made${who}`);
      const attempts = {
        createUser: await stack.graphql(createUserMutation, { input: { ...creds, role: 'ADMIN' } }, { token: caller.accessToken }),
        setUserRole: await stack.graphql(setUserRoleMutation, { id: target.id, role: 'ADMIN' }, { token: caller.accessToken }),
        deactivateUser: await stack.graphql(deactivateUserMutation, { id: target.id }, { token: caller.accessToken }),
        deleteUser: await stack.graphql(deleteUserMutation, { id: target.id }, { token: caller.accessToken }),
        users: await stack.graphql(usersQuery, {}, { token: caller.accessToken }),
      };
      for (const [operation, result] of Object.entries(attempts)) {
        expect(result.body.data ?? null, operation).toBeNull();
        expect(result.body.errors?.[0]?.extensions?.code, operation).toBe('FORBIDDEN');
        expect(result.body.errors?.[0]?.path, operation).toEqual([operation]);
      }
      expect(await adminView(target.id)).toEqual(before);
      expect(before).toMatchObject({ role: 'VIEWER', active: true });
      const created = await stack.graphql(usersQuery, { search: creds.username }, { token: admin.accessToken });
      expect(created.body.data.users.totalCount).toBe(0);
    });
  }

  it('anonymous callers get UNAUTHENTICATED on every admin operation and on user(id)', async () => {
    const results = {
      createUser: await stack.graphql(createUserMutation, { input: newCredentials('anon') }),
      setUserRole: await stack.graphql(setUserRoleMutation, { id: viewer.id, role: 'ADMIN' }),
      deactivateUser: await stack.graphql(deactivateUserMutation, { id: viewer.id }),
      deleteUser: await stack.graphql(deleteUserMutation, { id: viewer.id }),
      users: await stack.graphql(usersQuery),
      user: await stack.graphql(userQuery, { id: viewer.id }),
    };
    for (const [operation, result] of Object.entries(results)) {
      expect(result.body.data?.[operation] ?? null, operation).toBeNull();
      expect(result.body.errors?.[0]?.extensions?.code, operation).toBe('UNAUTHENTICATED');
    }
    expect(await adminView(viewer.id)).toMatchObject({ role: 'VIEWER', active: true });
  });

  it('an ADMIN can create a user, list users, change a role, deactivate and delete', async () => {
    const creds = newCredentials('created');
    const created = await stack.graphql(createUserMutation, { input: { ...creds, role: 'ANALYST' } }, { token: admin.accessToken });
    expect(created.body.errors).toBeUndefined();
    const user = created.body.data.createUser;
    expect(user).toMatchObject({ username: creds.username, email: creds.email, role: 'ANALYST', active: true });

    const listed = await stack.graphql(usersQuery, { search: creds.username }, { token: admin.accessToken });
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data.users.totalCount).toBe(1);
    expect(listed.body.data.users.edges[0].node).toMatchObject({ id: user.id, email: creds.email });

    const all = await stack.graphql(usersQuery, {}, { token: admin.accessToken });
    const ids = all.body.data.users.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(ids).toEqual(expect.arrayContaining([user.id, viewer.id, admin.id]));

    const demoted = await stack.graphql(setUserRoleMutation, { id: user.id, role: 'VIEWER' }, { token: admin.accessToken });
    expect(demoted.body.data.setUserRole).toMatchObject({ id: user.id, role: 'VIEWER' });
    expect(await adminView(user.id)).toMatchObject({ role: 'VIEWER' });

    const deactivated = await stack.graphql(deactivateUserMutation, { id: user.id }, { token: admin.accessToken });
    expect(deactivated.body.data.deactivateUser).toMatchObject({ id: user.id, active: false });
    expect(await adminView(user.id)).toMatchObject({ active: false });

    const deleted = await stack.graphql(deleteUserMutation, { id: user.id }, { token: admin.accessToken });
    expect(deleted.body.errors).toBeUndefined();
    expect(deleted.body.data).toEqual({ deleteUser: true });
    expect(await adminView(user.id)).toBeNull();
  });

  it('a user created by an admin can log in with the given password and role', async () => {
    const creds = newCredentials('newanalyst');
    const created = await stack.graphql(createUserMutation, { input: { ...creds, role: 'ANALYST' } }, { token: admin.accessToken });
    expect(created.body.errors).toBeUndefined();
    const session = await logIn(stack, creds.username, creds.password);
    expect(session.role).toBe('ANALYST');
  });
});

describe('email visibility', () => {
  it("another user's email is hidden from a VIEWER but visible to the user itself and to an admin", async () => {
    const other = await signUp(stack, 'private');
    const asViewer = await stack.graphql(userQuery, { id: other.id }, { token: viewer.accessToken });
    const emailError = asViewer.body.errors?.find((error) => error.path?.includes('email'));
    if (emailError) expect(emailError.extensions?.code).toBe('FORBIDDEN');
    else expect(asViewer.body.errors).toBeUndefined();
    expect(asViewer.body.data.user).toMatchObject({ id: other.id, username: other.username });
    expect(asViewer.body.data.user.email).toBeNull();

    const asAnalyst = await stack.graphql(userQuery, { id: other.id }, { token: analyst.accessToken });
    expect(asAnalyst.body.data.user.email ?? null).toBeNull();

    const asSelf = await stack.graphql(userQuery, { id: other.id }, { token: other.accessToken });
    expect(asSelf.body.data.user.email).toBe(other.email);
    const me = await stack.graphql(meQuery, {}, { token: other.accessToken });
    expect(me.body.data.me.email).toBe(other.email);

    const asAdmin = await stack.graphql(userQuery, { id: other.id }, { token: admin.accessToken });
    expect(asAdmin.body.data.user.email).toBe(other.email);
  });
});
