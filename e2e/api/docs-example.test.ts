// Scenario: the client example of docs/api.md runs against a stack with a fresh API key.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type Account } from '../support/accounts.js';
import { startPlainStack, type TestStack } from '../support/stack.js';
import { createApiKey } from './api-operations.js';

let stack: TestStack;
let user: Account;

beforeAll(async () => {
  stack = await startPlainStack();
  user = await signUp(stack, 'docs');
});

afterAll(async () => {
  await stack?.stop();
});

describe('docs/examples/client.ts', () => {
  it('signs in with an API key, pages through assets and subscribes', async () => {
    const { key } = await createApiKey(stack, user.accessToken, ['read:market', 'read:predictions']);
    const script = fileURLToPath(new URL('../../docs/examples/client.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const { stdout } = await promisify(execFile)(tsx, [script], { env: { ...process.env, GATEWAY_URL: stack.gatewayUrl, API_KEY: key }, timeout: 30_000 });
    expect(stdout).toContain(`signed in as ${user.username} VIEWER`);
    expect(stdout).toMatch(/page cost \{"requested":\d+/);
    expect(stdout).toMatch(/^assets \[.*\]$/m);
    expect(stdout.trimEnd().endsWith('done')).toBe(true);
  });
});
