// Scenario: the SSE client example of docs/api.md runs against a stack with a fresh API key, in both graphql-sse modes.
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../api/api-operations.js';
import { signUp, type Account } from '../support/accounts.js';
import { runDocsExample } from '../support/docs-examples.js';
import { startPlainStack, stopStackAfterAll, type TestStack } from '../support/stack.js';

let stack: TestStack;
let user: Account;

beforeAll(async () => {
  stack = await startPlainStack();
  user = await signUp(stack, 'ssedocs');
});

stopStackAfterAll(() => stack);

describe('docs/examples/sse-client.ts', () => {
  it('runs a query and a subscription in distinct connections mode, and two operations on one stream in single connection mode', async () => {
    const { key } = await createApiKey(stack, user.accessToken, ['read:market']);
    const stdout = await runDocsExample(stack, 'sse-client.ts', key);
    expect(stdout).toContain(`distinct: me {"me":{"username":"${user.username}","role":"VIEWER"}}`);
    expect(stdout).toContain('single: assets {"assets":{"edges":[');
    expect(stdout).toContain(`single: me {"me":{"username":"${user.username}"}}`);
    expect(stdout.trimEnd().endsWith('done')).toBe(true);
  });
});
