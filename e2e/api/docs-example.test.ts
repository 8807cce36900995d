// Scenario: the client example of docs/api.md runs against a stack with a fresh API key.
import { beforeAll, describe, expect, it } from 'vitest';
import { signUp, type Account } from '../support/accounts.js';
import { runDocsExample } from '../support/docs-examples.js';
import { startPlainStack, stopStackAfterAll, type TestStack } from '../support/stack.js';
import { createApiKey } from './api-operations.js';

let stack: TestStack;
let user: Account;

beforeAll(async () => {
  stack = await startPlainStack();
  user = await signUp(stack, 'docs');
});

stopStackAfterAll(() => stack);

describe('docs/examples/client.ts', () => {
  it('signs in with an API key, pages through assets and subscribes', async () => {
    const { key } = await createApiKey(stack, user.accessToken, ['read:market', 'read:predictions']);
    const stdout = await runDocsExample(stack, 'client.ts', key);
    expect(stdout).toContain(`signed in as ${user.username} VIEWER`);
    expect(stdout).toMatch(/page cost \{"requested":\d+/);
    expect(stdout).toMatch(/^assets \[.*\]$/m);
    expect(stdout.trimEnd().endsWith('done')).toBe(true);
  });
});
