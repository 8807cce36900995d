import { resolveSigningKey, systemUserEmail, systemUserId, systemUsername } from '@cryptograph/core';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeRefreshToken } from '../auth/token-issuer.js';
import { loginMutation, refreshMutation, userFields } from '../test-support/operations.js';
import { someAdmin, startUsersTestService, type UsersTestService } from '../test-support/users-test-service.js';
import { ensureAdmin } from './ensure-admin.js';

let users: UsersTestService;

beforeAll(async () => {
  users = await startUsersTestService();
});

afterAll(async () => {
  await users?.close();
});

describe('the built-in system user', () => {
  it('exists with its fixed id and resolves as a user entity', async () => {
    const row = await users.db.selectFrom('users').selectAll().where('id', '=', systemUserId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ username: systemUsername, email: systemUserEmail, role: 'ANALYST', active: true, password_hash: '!' });
    const entity = await users.request(
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id username } } }`,
      { representations: [{ __typename: 'User', id: systemUserId }] },
      someAdmin(),
    );
    expect(entity.data?._entities).toEqual([{ id: systemUserId, username: 'system' }]);
  });

  it('cannot log in, by username or email, with any password (the answer is the one for an unknown login)', async () => {
    for (const login of ['system', 'SYSTEM', systemUserEmail]) {
      for (const password of ['!', 'Str0ng-enough-password']) {
        const result = await users.request(loginMutation, { input: { login, password } });
        expect(result.errors?.[0]).toMatchObject({ message: 'Invalid login or password.', extensions: { code: 'UNAUTHENTICATED' } });
      }
    }
  });

  it('cannot refresh a session, even one that somehow exists', async () => {
    const settings = {
      signingKey: await resolveSigningKey(users.env),
      accessTokenTtlSeconds: 60,
      refreshTokenTtlSeconds: 600,
      sessionMaxLifetimeSeconds: 3600,
    };
    const stored = await storeRefreshToken(users.db, settings, systemUserId, { familyId: randomUUID(), startedAt: new Date() });
    const result = await users.request(refreshMutation, { token: stored.token });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const row = await users.db.selectFrom('refresh_tokens').select('revoked_at').where('id', '=', stored.id).executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
  });

  it('cannot be demoted, promoted, deactivated or deleted by an admin', async () => {
    const attempts = [
      await users.request(`mutation($id: ID!) { setUserRole(id: $id, role: VIEWER) { ${userFields} } }`, { id: systemUserId }, someAdmin()),
      await users.request(`mutation($id: ID!) { setUserRole(id: $id, role: ADMIN) { ${userFields} } }`, { id: systemUserId }, someAdmin()),
      await users.request(`mutation($id: ID!) { deactivateUser(id: $id) { ${userFields} } }`, { id: systemUserId }, someAdmin()),
      await users.request(`mutation($id: ID!) { deleteUser(id: $id) }`, { id: systemUserId }, someAdmin()),
    ];
    for (const attempt of attempts)
      expect(attempt.errors?.[0]).toMatchObject({ message: expect.stringMatching(/system user cannot be changed/), extensions: { code: 'FORBIDDEN' } });
    const row = await users.db.selectFrom('users').selectAll().where('id', '=', systemUserId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'ANALYST', active: true });
  });

  it('cannot be made the bootstrap admin', async () => {
    await expect(ensureAdmin(users.connection, { email: 'boss@example.com', username: 'system', password: 'Str0ng-enough-password' })).rejects.toMatchObject({
      name: 'OperatorError',
      variable: 'ADMIN_USERNAME',
    });
    await expect(ensureAdmin(users.connection, { email: systemUserEmail, username: 'boss', password: 'Str0ng-enough-password' })).rejects.toMatchObject({
      name: 'OperatorError',
      variable: 'ADMIN_EMAIL',
    });
    const row = await users.db.selectFrom('users').select('role').where('id', '=', systemUserId).executeTakeFirstOrThrow();
    expect(row.role).toBe('ANALYST');
  });
});
