// E2E support for the third-party API scenarios: API key documents and helpers.
import { expect } from 'vitest';
import type { TestStack } from '../support/stack.js';

/** `createApiKey` mutation. */
export const createApiKeyMutation =
  'mutation CreateKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name prefix scopes createdAt lastUsedAt revokedAt } } }';

/** `apiKeys` query. */
export const apiKeysQuery = 'query Keys { apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt } }';

/** `revokeApiKey` mutation. */
export const revokeApiKeyMutation = 'mutation Revoke($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }';

/** Creates a key for the holder of `token`; returns the secret and the key's id. */
export async function createApiKey(stack: TestStack, token: string, scopes: string[], name = 'e2e key'): Promise<{ key: string; id: string; prefix: string }> {
  const result = await stack.graphql(createApiKeyMutation, { input: { name, scopes } }, { token });
  expect(result.body.errors).toBeUndefined();
  const created = result.body.data.createApiKey;
  return { key: created.key, id: created.apiKey.id, prefix: created.apiKey.prefix };
}
