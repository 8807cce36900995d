// Scenario: the SSE client example of docs/api.md runs against a stack with a fresh API key, in both graphql-sse modes.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../api/api-operations.js';
import { signUp, type Account } from '../support/accounts.js';
import { startPlainStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let user: Account;

beforeAll(async () => {
  stack = await startPlainStack();
  user = await signUp(stack, 'ssedocs');
});

afterAll(async () => {
  await stack?.stop();
});

describe('docs/examples/sse-client.ts', () => {
  it('runs a query and a subscription in distinct connections mode, and two operations on one stream in single connection mode', async () => {
    const { key } = await createApiKey(stack, user.accessToken, ['read:market']);
    const script = fileURLToPath(new URL('../../docs/examples/sse-client.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const { stdout } = await promisify(execFile)(tsx, [script], { env: { ...process.env, GATEWAY_URL: stack.gatewayUrl, API_KEY: key }, timeout: 30_000 });
    expect(stdout).toContain(`distinct: me {"me":{"username":"${user.username}","role":"VIEWER"}}`);
    expect(stdout).toContain('single: assets {"assets":{"edges":[');
    expect(stdout).toContain(`single: me {"me":{"username":"${user.username}"}}`);
    expect(stdout.trimEnd().endsWith('done')).toBe(true);
  });
});
