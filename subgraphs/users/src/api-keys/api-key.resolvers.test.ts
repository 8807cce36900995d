import { internalKey, signIdentity, verifyApiKeyPath, verifyApiKeyScope, type Identity } from '@cryptograph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../test-support/test-accounts.js';
import { signedIn, someAdmin, startUsersTestService, type UsersTestService } from '../test-support/users-test-service.js';
import { hashApiKey } from './api-key-secret.js';

let users: UsersTestService;

beforeAll(async () => {
  users = await startUsersTestService();
});

afterAll(async () => {
  await users?.close();
});

const createMutation = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name prefix scopes createdAt lastUsedAt revokedAt owner { id } } } }`;
const listQuery = `query($userId: ID) { apiKeys(userId: $userId) { id name prefix scopes lastUsedAt revokedAt } }`;
const revokeMutation = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;

async function verify(key: string, identity: Identity = { userId: null, role: null, scopes: [verifyApiKeyScope], clientAddress: 'gateway' }) {
  const response = await users.service.app.inject({
    method: 'POST',
    url: verifyApiKeyPath,
    headers: { 'content-type': 'application/json', 'x-cryptograph-identity': await signIdentity(identity, internalKey(users.env.internalSecret), 'users') },
    payload: { key },
  });
  return { status: response.statusCode, body: response.json() };
}

describe('API keys', () => {
  it('creates a key shown once and stored hashed, lists it, verifies it and records its use', async () => {
    const owner = await signUp(users, 'keyowner');
    const me = signedIn(owner.id, 'VIEWER');
    const created = await users.request(createMutation, { input: { name: ' ci bot ', scopes: ['read:market', 'read:market', 'read:predictions'] } }, me);
    expect(created.errors).toBeUndefined();
    const { key, apiKey } = created.data!.createApiKey;
    expect(key).toMatch(/^cgk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      name: 'ci bot',
      prefix: key.slice(0, 12),
      scopes: ['read:market', 'read:predictions'],
      lastUsedAt: null,
      revokedAt: null,
      owner: { id: owner.id },
    });
    const row = await users.db.selectFrom('api_keys').selectAll().where('id', '=', apiKey.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key.slice(13));

    const listed = await users.request(listQuery, {}, me);
    expect(listed.data!.apiKeys).toEqual([expect.objectContaining({ id: apiKey.id, prefix: apiKey.prefix })]);
    expect(JSON.stringify(listed)).not.toContain(key.slice(13));

    expect(await verify(key)).toEqual({
      status: 200,
      body: { key: { keyId: apiKey.id, prefix: apiKey.prefix, userId: owner.id, role: 'VIEWER', scopes: ['read:market', 'read:predictions'] } },
    });
    expect((await users.request(listQuery, {}, me)).data!.apiKeys[0].lastUsedAt).not.toBeNull();
  });

  it('refuses a wrong secret, a revoked key, a deactivated owner and callers without the verification scope', async () => {
    const owner = await signUp(users, 'keyrevoke');
    const me = signedIn(owner.id, 'VIEWER');
    const { key, apiKey } = (await users.request(createMutation, { input: { name: 'temp', scopes: ['read:market'] } }, me)).data!.createApiKey;
    expect((await verify(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).body).toEqual({ key: null });
    expect((await verify(key, signedIn(owner.id, 'ADMIN'))).status).toBe(403);
    const revoked = await users.request(revokeMutation, { id: apiKey.id }, me);
    expect(revoked.data!.revokeApiKey.revokedAt).not.toBeNull();
    expect((await verify(key)).body).toEqual({ key: null });

    const other = await signUp(users, 'keydeact');
    const second = (await users.request(createMutation, { input: { name: 'x', scopes: ['read:market'] } }, signedIn(other.id, 'VIEWER'))).data!.createApiKey;
    expect((await verify(second.key)).body.key.userId).toBe(other.id);
    await users.db.updateTable('users').set({ active: false }).where('id', '=', other.id).execute();
    expect((await verify(second.key)).body).toEqual({ key: null });
  });

  it("keeps keys to their owner; admins may list and revoke anyone's", async () => {
    const owner = await signUp(users, 'keymine');
    const stranger = await signUp(users, 'keystranger');
    const { apiKey } = (await users.request(createMutation, { input: { name: 'mine', scopes: ['read:market'] } }, signedIn(owner.id, 'VIEWER'))).data!
      .createApiKey;
    const byStranger = await users.request(revokeMutation, { id: apiKey.id }, signedIn(stranger.id, 'VIEWER'));
    expect(byStranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const listByStranger = await users.request(listQuery, { userId: owner.id }, signedIn(stranger.id, 'VIEWER'));
    expect(listByStranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = someAdmin();
    expect((await users.request(listQuery, { userId: owner.id }, admin)).data!.apiKeys).toHaveLength(1);
    expect((await users.request(revokeMutation, { id: apiKey.id }, admin)).data!.revokeApiKey.revokedAt).not.toBeNull();
  });

  it("validates scopes against the owner's role, and API keys cannot manage keys", async () => {
    const viewer = await signUp(users, 'keyscope');
    const me = signedIn(viewer.id, 'VIEWER');
    const unknown = await users.request(createMutation, { input: { name: 'x', scopes: ['read:everything'] } }, me);
    expect(unknown.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'scopes' });
    const tooMuch = await users.request(createMutation, { input: { name: 'x', scopes: ['write:models'] } }, me);
    expect(tooMuch.errors?.[0]?.message).toMatch(/ANALYST/);
    const none = await users.request(createMutation, { input: { name: 'x', scopes: [] } }, me);
    expect(none.errors?.[0]?.extensions?.field).toBe('scopes');
    const withKey: Identity = { ...me, scopes: ['read:market'] };
    expect((await users.request(createMutation, { input: { name: 'x', scopes: ['read:market'] } }, withKey)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await users.request(listQuery, {}, withKey)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const adminKey: Identity = { ...someAdmin(), scopes: ['read:market'] };
    expect((await users.request('{ users { totalCount } }', {}, adminKey)).errors?.[0]?.message).toMatch(/admin:users/);
  });
});

describe('API key scopes in the users subgraph', () => {
  it("a key cannot change its owner's account; an admin's key without admin:users sees no other user's email", async () => {
    const owner = await signUp(users, 'scopeowner');
    const other = await signUp(users, 'scopeother');
    const readMarketKey: Identity = { ...signedIn(owner.id, 'ADMIN'), scopes: ['read:market'] };
    const updated = await users.request('mutation { updateMe(input: { username: "renamed_by_key" }) { username } }', {}, readMarketKey);
    expect(updated.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(updated.data).toBeNull();
    const userQuery = 'query($id: ID!) { user(id: $id) { id email } }';
    expect((await users.request(userQuery, { id: other.id }, readMarketKey)).data!.user).toEqual({ id: other.id, email: null });
    expect((await users.request(userQuery, { id: owner.id }, readMarketKey)).data!.user).toEqual({ id: owner.id, email: owner.email });
    const adminUsersKey: Identity = { ...signedIn(owner.id, 'ADMIN'), scopes: ['admin:users'] };
    expect((await users.request(userQuery, { id: other.id }, adminUsersKey)).data!.user.email).toBe(other.email);
    expect((await users.request(userQuery, { id: other.id }, signedIn(owner.id, 'ADMIN'))).data!.user.email).toBe(other.email);
  });

  it('a write:market key needs an ANALYST owner', async () => {
    const viewer = await signUp(users, 'scopewriter');
    const refused = await users.request(createMutation, { input: { name: 'x', scopes: ['write:market'] } }, signedIn(viewer.id, 'VIEWER'));
    expect(refused.errors?.[0]?.message).toMatch(/ANALYST/);
    const allowed = await users.request(createMutation, { input: { name: 'x', scopes: ['write:market'] } }, signedIn(viewer.id, 'ANALYST'));
    expect(allowed.data!.createApiKey.apiKey.scopes).toEqual(['write:market']);
  });
});
