// E2E support: running the client examples of docs/examples against a stack, as a reader of docs/api.md would.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestStack } from '@cryptograph/app/testing';

/** Runs `docs/examples/<script>` with tsx against the stack's gateway and `apiKey` (30 s at most); resolves with what it printed. */
export async function runDocsExample(stack: TestStack, script: string, apiKey: string): Promise<string> {
  const path = fileURLToPath(new URL(`../../docs/examples/${script}`, import.meta.url));
  const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
  const { stdout } = await promisify(execFile)(tsx, [path], { env: { ...process.env, GATEWAY_URL: stack.gatewayUrl, API_KEY: apiKey }, timeout: 30_000 });
  return stdout;
}
