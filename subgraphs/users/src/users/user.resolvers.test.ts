import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginMutation, meQuery, refreshMutation, updateMeMutation, userFields } from '../test-support/operations.js';
import { goodPassword, signUp } from '../test-support/test-accounts.js';
import { anonymous, signedIn, someAdmin, startUsersTestService, uniqueSuffix, type UsersTestService } from '../test-support/users-test-service.js';

let users: UsersTestService;

beforeAll(async () => {
  users = await startUsersTestService();
});

afterAll(async () => {
  await users?.close();
});

const userQuery = `query($id: ID!) { user(id: $id) { ${userFields} } }`;
const entitiesQuery = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id username email } } }`;

describe('user(id)', () => {
  it('shows the email to the user itself and to admins only', async () => {
    const owner = await signUp(users, 'owner');
    const other = await signUp(users, 'other');
    const asSelf = await users.request(userQuery, { id: owner.id }, signedIn(owner.id, 'VIEWER'));
    expect(asSelf.data!.user).toMatchObject({ id: owner.id, username: owner.username, email: owner.email, role: 'VIEWER', active: true });
    expect(new Date(asSelf.data!.user.createdAt).toISOString()).toBe(asSelf.data!.user.createdAt);
    expect((await users.request(userQuery, { id: owner.id }, someAdmin())).data!.user.email).toBe(owner.email);
    const asOther = await users.request(userQuery, { id: owner.id }, signedIn(other.id, 'ANALYST'));
    expect(asOther.data!.user).toMatchObject({ id: owner.id, username: owner.username, email: null });
  });

  it('needs a signed-in caller', async () => {
    const owner = await signUp(users);
    const result = await users.request(userQuery, { id: owner.id }, anonymous());
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('is null for unknown ids and for ids that are not uuids', async () => {
    const caller = signedIn(crypto.randomUUID(), 'VIEWER');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1' or '1'='1", 'x'.repeat(10_000)]) {
      const result = await users.request(userQuery, { id }, caller);
      expect(result).toEqual({ data: { user: null } });
    }
  });
});

describe('me', () => {
  it('is null when the signed-in user no longer exists', async () => {
    expect((await users.request(meQuery, {}, signedIn(crypto.randomUUID(), 'VIEWER'))).data).toEqual({ me: null });
  });
});

describe('updateMe', () => {
  it('changes email and username, validated and stored normalised', async () => {
    const user = await signUp(users);
    const suffix = uniqueSuffix();
    const result = await users.request(
      updateMeMutation,
      { input: { email: `Changed.${suffix}@Example.com`, username: `changed_${suffix}` } },
      signedIn(user.id, 'VIEWER'),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateMe).toMatchObject({ id: user.id, email: `changed.${suffix}@example.com`, username: `changed_${suffix}` });
    const login = await users.request(loginMutation, { input: { login: `changed_${suffix}`, password: user.password } });
    expect(login.data!.login.user.id).toBe(user.id);
  });

  it('refuses an email or username that another user has, and invalid values', async () => {
    const user = await signUp(users);
    const taken = await signUp(users);
    const me = signedIn(user.id, 'VIEWER');
    expect((await users.request(updateMeMutation, { input: { email: taken.email.toUpperCase() } }, me)).errors?.[0]?.extensions).toEqual({
      code: 'CONFLICT',
      field: 'email',
    });
    expect((await users.request(updateMeMutation, { input: { username: taken.username } }, me)).errors?.[0]?.extensions).toEqual({
      code: 'CONFLICT',
      field: 'username',
    });
    expect((await users.request(updateMeMutation, { input: { email: '' } }, me)).errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
    expect((await users.request(updateMeMutation, { input: { username: 'no way' } }, me)).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'username',
    });
    const unchanged = await users.db.selectFrom('users').select(['email', 'username']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(unchanged).toEqual({ email: user.email, username: user.username });
  });

  it('changes the password only with the correct current password, and ends all sessions', async () => {
    const user = await signUp(users);
    const me = signedIn(user.id, 'VIEWER');
    const newPassword = 'Another-Secret-42';
    expect((await users.request(updateMeMutation, { input: { newPassword } }, me)).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'currentPassword',
    });
    expect((await users.request(updateMeMutation, { input: { currentPassword: 'Wrong-password-1', newPassword } }, me)).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'currentPassword',
    });
    expect((await users.request(updateMeMutation, { input: { currentPassword: user.password, newPassword: 'short' } }, me)).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'newPassword',
      rule: 'length',
    });
    expect((await users.request(loginMutation, { input: { login: user.username, password: newPassword } })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );

    const changed = await users.request(updateMeMutation, { input: { currentPassword: user.password, newPassword } }, me);
    expect(changed.errors).toBeUndefined();
    expect((await users.request(loginMutation, { input: { login: user.username, password: goodPassword } })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await users.request(loginMutation, { input: { login: user.username, password: newPassword } })).data!.login.user.id).toBe(user.id);
    expect((await users.request(refreshMutation, { token: user.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('needs a signed-in caller that still exists', async () => {
    expect((await users.request(updateMeMutation, { input: { username: 'whoever' } }, anonymous())).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(
      (await users.request(updateMeMutation, { input: { username: 'whoever' } }, signedIn(crypto.randomUUID(), 'VIEWER'))).errors?.[0]?.extensions?.code,
    ).toBe('UNAUTHENTICATED');
  });
});

describe('entity resolution', () => {
  it('resolves users by id through _entities, null for unknown ids, email hidden from others', async () => {
    const first = await signUp(users);
    const second = await signUp(users);
    const representations = [
      { __typename: 'User', id: first.id },
      { __typename: 'User', id: '00000000-0000-4000-8000-000000000000' },
      { __typename: 'User', id: second.id },
      { __typename: 'User', id: 'garbage' },
    ];
    const result = await users.request(entitiesQuery, { representations }, signedIn(first.id, 'VIEWER'));
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { id: first.id, username: first.username, email: first.email },
      null,
      { id: second.id, username: second.username, email: null },
      null,
    ]);
  });
});
