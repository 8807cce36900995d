// Scenario: API keys through the gateway: lifecycle, both HTTP headers and connection_init, scopes as strict as roles, revocation effective at once.
import { beforeAll, describe, expect, it } from 'vitest';
import { graphqlWsClient, graphqlWsUrl, handshake, runOverSocket } from '@cryptograph/testing';
import { accountWithRole, logInAdmin, signUp, type Account } from '../support/accounts.js';
import { createModelMutation, meQuery } from '../support/operations.js';
import { startE2eStack, stopStackAfterAll, type TestStack } from '../support/stack.js';
import { apiKeysQuery, createApiKey, revokeApiKeyMutation } from './api-operations.js';

let stack: TestStack;
let analyst: Account;

beforeAll(async () => {
  stack = await startE2eStack();
  analyst = await accountWithRole(stack, await logInAdmin(stack), 'ANALYST');
});

stopStackAfterAll(() => stack);

const withKey = (key: string) => ({ headers: { authorization: `ApiKey ${key}` } });
const modelInput = { name: 'key model', symbol: 'BTC', target: 'VOLATILITY', algorithm: 'NAIVE', interval: 'D1', horizon: 1 };

describe('API key lifecycle', () => {
  it('creates a key shown once, lists it without its secret, and records its use', async () => {
    const { key, id, prefix } = await createApiKey(stack, analyst.accessToken, ['read:market', 'read:predictions']);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    const byHeader = await stack.graphql(meQuery, {}, withKey(key));
    expect(byHeader.body.data.me.id).toBe(analyst.id);
    const byXApiKey = await stack.graphql('{ assets(first: 1) { edges { node { symbol } } } }', {}, { headers: { 'x-api-key': key } });
    expect(byXApiKey.body.errors).toBeUndefined();
    const listed = await stack.graphql(apiKeysQuery, {}, { token: analyst.accessToken });
    const entry = listed.body.data.apiKeys.find((candidate: { id: string }) => candidate.id === id);
    expect(entry).toMatchObject({ prefix, scopes: ['read:market', 'read:predictions'], revokedAt: null });
    expect(entry.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(prefix.length + 1));
  });

  it('refuses unknown and malformed keys with UNAUTHENTICATED and 401', async () => {
    const forged = await stack.graphql(meQuery, {}, withKey(`cgk_AAAAAAAA_${'A'.repeat(43)}`));
    expect(forged.status).toBe(401);
    expect(forged.body.errors![0]!.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await stack.graphql(meQuery, {}, withKey('not-a-key'))).status).toBe(401);
  });

  it('a key cannot manage keys', async () => {
    const { key } = await createApiKey(stack, analyst.accessToken, ['read:market']);
    const result = await stack.graphql(apiKeysQuery, {}, withKey(key));
    expect(result.body.errors![0]!.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('scopes', () => {
  it('a read:market key of an analyst cannot create or train models; a write:models key can pass the same rule', async () => {
    const { key: readOnly } = await createApiKey(stack, analyst.accessToken, ['read:market']);
    const refused = await stack.graphql(createModelMutation, { input: modelInput }, withKey(readOnly));
    expect(refused.body.errors![0]!.extensions?.code).toBe('FORBIDDEN');
    expect(refused.body.errors![0]!.message).toMatch(/write:models/);
    const train = await stack.graphql(
      'mutation { trainModel(modelId: "00000000-0000-4000-8000-000000000000", trainFrom: "2024-01-01T00:00:00Z", trainTo: "2024-06-01T00:00:00Z") { id } }',
      {},
      withKey(readOnly),
    );
    expect(train.body.errors![0]!.extensions?.code).toBe('FORBIDDEN');
    const predictions = await stack.graphql('{ models(first: 1) { edges { node { id } } } }', {}, withKey(readOnly));
    expect(predictions.body.errors![0]!.extensions?.code).toBe('FORBIDDEN');

    const { key: writer } = await createApiKey(stack, analyst.accessToken, ['write:models']);
    const allowed = await stack.graphql(createModelMutation, { input: modelInput }, withKey(writer));
    expect(allowed.body.errors?.[0]?.extensions?.code).not.toBe('FORBIDDEN');
  });

  it("a key never exceeds its owner's current role", async () => {
    const viewer = await signUp(stack, 'keyviewer');
    const refused = await stack.graphql(
      'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }',
      { input: { name: 'x', scopes: ['write:models'] } },
      { token: viewer.accessToken },
    );
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes' });
    const { key } = await createApiKey(stack, viewer.accessToken, ['read:market']);
    const admin = await logInAdmin(stack);
    const users = await stack.graphql('{ users { totalCount } }', {}, withKey(key));
    expect(users.body.errors![0]!.extensions?.code).toBe('FORBIDDEN');
    const adminKey = await createApiKey(stack, admin.accessToken, ['read:market']);
    const adminWithoutScope = await stack.graphql('{ users { totalCount } }', {}, withKey(adminKey.key));
    expect(adminWithoutScope.body.errors![0]!.message).toMatch(/admin:users/);
    const adminWithScope = await createApiKey(stack, admin.accessToken, ['admin:users']);
    expect((await stack.graphql('{ users { totalCount } }', {}, withKey(adminWithScope.key))).body.data.users.totalCount).toBeGreaterThan(0);
  });
});

describe('revocation', () => {
  it('a revoked key fails at once, although the gateway had just verified it', async () => {
    const { key, id } = await createApiKey(stack, analyst.accessToken, ['read:market']);
    for (let i = 0; i < 3; i += 1) expect((await stack.graphql(meQuery, {}, withKey(key))).body.data.me.id).toBe(analyst.id);
    const revoked = await stack.graphql(revokeApiKeyMutation, { id }, { token: analyst.accessToken });
    expect(revoked.body.data.revokeApiKey.revokedAt).not.toBeNull();
    const after = await stack.graphql(meQuery, {}, withKey(key));
    expect(after.status).toBe(401);
    expect(after.body.errors![0]!.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("admins revoke anyone's key; others cannot", async () => {
    const owner = await signUp(stack, 'keyowner');
    const { key, id } = await createApiKey(stack, owner.accessToken, ['read:market']);
    const stranger = await signUp(stack, 'keystranger');
    expect((await stack.graphql(revokeApiKeyMutation, { id }, { token: stranger.accessToken })).body.errors![0]!.extensions?.code).toBe('NOT_FOUND');
    expect((await stack.graphql(meQuery, {}, withKey(key))).status).toBe(200);
    const admin = await logInAdmin(stack);
    expect((await stack.graphql(revokeApiKeyMutation, { id }, { token: admin.accessToken })).body.errors).toBeUndefined();
    expect((await stack.graphql(meQuery, {}, withKey(key))).status).toBe(401);
  });
});

describe('API keys over WebSocket', () => {
  it('accepts a key in connection_init as `apiKey` or `authorization: ApiKey …`, refuses a revoked one', async () => {
    const { key, id } = await createApiKey(stack, analyst.accessToken, ['read:market']);
    for (const params of [{ apiKey: key }, { authorization: `ApiKey ${key}` }]) {
      const client = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { connectionParams: params });
      const outcome = await runOverSocket(client, { query: '{ me { id } }' });
      expect(outcome).toEqual({ result: { data: { me: { id: analyst.id } } } });
      await client.dispose();
    }
    await stack.graphql(revokeApiKeyMutation, { id }, { token: analyst.accessToken });
    expect(await handshake(graphqlWsUrl(stack.gatewayUrl), { apiKey: key })).toMatchObject({ acknowledged: false, code: 4403 });
  });
});
