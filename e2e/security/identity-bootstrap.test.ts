// Bootstrap through `npm start`'s entry point: a fresh install without ADMIN_EMAIL prints a one-time setup code that makes the
// first sign-up the admin (once), and operator mistakes (a refused ADMIN_PASSWORD, a non-admin holding ADMIN_EMAIL, an
// INTERNAL_SECRET equal to another secret, a leftover JWT_SECRET, no AUTH_PRIVATE_KEY in production) stop the start with one line.
import { createTestDatabase, spawnTracked, testEnvironment, type TrackedProcess } from '@cryptograph/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodPassword, newCredentials } from '../support/accounts.js';
import { meQuery, signupMutation } from '../support/operations.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Each start compiles the whole system with tsx: allow for a busy machine. */
const startTimeoutMs = 120_000;
const started: TrackedProcess[] = [];
let dataDir: string;
let databaseUrl: string | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-bootstrap-'));
  const { databaseUrl: serverUrl } = testEnvironment();
  databaseUrl = serverUrl ? await createTestDatabase(serverUrl) : undefined;
});

afterAll(async () => {
  for (const process of started) await process.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `apps/cryptograph/src/start.ts` as `npm start` does, with only `env` (and PATH) in its environment. */
function startCryptograph(env: Record<string, string>): TrackedProcess {
  const base = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dataDir,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    // Subgraphs on free ports: the supergraph's own (4001–4003) belong to the test that starts with no settings at all.
    USERS_URL: 'http://127.0.0.1:0/graphql',
    MARKET_URL: 'http://127.0.0.1:0/graphql',
    PREDICTIONS_URL: 'http://127.0.0.1:0/graphql',
    MARKET_SEED_DATA: 'false',
    REPLAY_SPEED: '0',
    DEFAULT_MODELS: 'off',
    OTEL_SDK_DISABLED: 'true',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const assignments = Object.entries({ ...base, ...env }).map(([name, value]) => `${name}=${value}`);
  const child = spawnTracked({
    command: 'env',
    args: ['-i', ...assignments, process.execPath, '--import', 'tsx', 'apps/cryptograph/src/start.ts'],
    cwd: root,
    stopSignal: 'SIGTERM',
  });
  started.push(child);
  return child;
}

/** Waits until `pattern` shows in the output; fails with the output when the process exits first or after `limitMs`. */
async function waitForOutput(child: TrackedProcess, pattern: RegExp, limitMs = startTimeoutMs - 10_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const match = pattern.exec(child.output());
    if (match) return match;
    if (child.hasExited()) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${pattern} in the output:\n${child.output()}`);
}

/** Runs a start that must fail; returns its exit code and what it printed. */
async function failedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = startCryptograph(env);
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    child.waitForExit(),
    new Promise<'running'>((resolve) => (timer = setTimeout(() => resolve('running'), startTimeoutMs - 10_000))),
  ]);
  clearTimeout(timer);
  if (code === 'running') throw new Error(`the start did not fail:\n${child.output()}`);
  return { code, output: child.output() };
}

async function graphql(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** The one line an operator sees for a refused start: exit code 1, the variable and the rule, no stack trace. */
function expectOneLineRefusal(result: { code: number | null; output: string }, line: RegExp): void {
  expect(result.code, result.output).toBe(1);
  expect(result.output, result.output).toMatch(line);
  expect(result.output).not.toMatch(/^\s+at /m);
}

describe.runIf(testEnvironment().databaseUrl)('a fresh install', () => {
  let viewerEmail: string;

  it(
    'without ADMIN_EMAIL prints a setup code; the first sign-up with it becomes the admin, and the code then stops working',
    async () => {
      const child = startCryptograph({ LOG_LEVEL: 'info' });
      const [, code] = await waitForOutput(child, /setup code to become the admin: ([0-9A-Z]{5}(?:-[0-9A-Z]{5}){3})/);
      const [, url] = await waitForOutput(child, /GraphQL:\s+(http:\/\/\S+\/graphql)/);
      const wrong = await graphql(url!, signupMutation, { input: { ...newCredentials('intruder'), setupCode: 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ' } });
      expect(wrong.errors?.[0]).toMatchObject({ message: 'The setup code is not valid.', extensions: { code: 'BAD_USER_INPUT', field: 'setupCode' } });
      const first = await graphql(url!, signupMutation, { input: { ...newCredentials('owner'), setupCode: code } });
      expect(first.errors).toBeUndefined();
      expect(first.data.signup.user.role).toBe('ADMIN');
      const listed = await graphql(url!, '{ users { edges { node { username role } } } }', {}, first.data.signup.accessToken);
      expect(listed.data.users.edges.map((edge: { node: { role: string } }) => edge.node.role).filter((role: string) => role === 'ADMIN')).toEqual(['ADMIN']);
      const again = await graphql(url!, signupMutation, { input: { ...newCredentials('second'), setupCode: code } });
      expect(again.errors?.[0]).toMatchObject({ message: 'The setup code is not valid.', extensions: { code: 'BAD_USER_INPUT', field: 'setupCode' } });
      const viewer = await graphql(url!, signupMutation, { input: newCredentials('viewer') });
      expect(viewer.data.signup.user.role).toBe('VIEWER');
      viewerEmail = viewer.data.signup.user.email;
      expect((await graphql(url!, meQuery, {}, viewer.data.signup.accessToken)).data.me.role).toBe('VIEWER');
      await child.stop();
    },
    startTimeoutMs,
  );

  it(
    'once an admin exists, a restart prints no setup code',
    async () => {
      const child = startCryptograph({ LOG_LEVEL: 'info' });
      await waitForOutput(child, /Press Ctrl\+C to stop/);
      expect(child.output()).not.toMatch(/setup code/);
      // The banner names where the dashboard and every transport are.
      expect(child.output()).toMatch(/Dashboard: +http:\/\/[\d.]+:\d+\/\n/);
      expect(child.output()).toMatch(/Subscriptions: +ws:\/\/\S+\/graphql \(graphql-ws\), http:\/\/\S+\/graphql\/stream \(SSE\)/);
      await child.stop();
    },
    startTimeoutMs,
  );

  it(
    'ADMIN_EMAIL of an existing non-admin account is refused, never promoted',
    async () => {
      expectOneLineRefusal(
        await failedStart({ ADMIN_EMAIL: viewerEmail, ADMIN_PASSWORD: goodPassword, ADMIN_USERNAME: 'boss_account' }),
        /^ADMIN_EMAIL: belongs to an existing account that is not an admin;/m,
      );
    },
    startTimeoutMs,
  );

  it(
    'an ADMIN_PASSWORD the policy refuses is one line naming ADMIN_PASSWORD and the rule',
    async () => {
      expectOneLineRefusal(
        await failedStart({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'password1' }),
        /^ADMIN_PASSWORD: Password is one of the most commonly used passwords; .*\(rule: common\)$/m,
      );
    },
    startTimeoutMs,
  );
});

describe('operator mistakes in the secrets', () => {
  it(
    'an INTERNAL_SECRET equal to another secret is refused naming INTERNAL_SECRET',
    async () => {
      const shared = 'the-same-secret-used-twice-0123456789abcdef';
      expectOneLineRefusal(
        await failedStart({ INTERNAL_SECRET: shared, ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: shared }),
        /^INTERNAL_SECRET: must differ from every other secret, but equals ADMIN_PASSWORD$/m,
      );
    },
    startTimeoutMs,
  );

  it(
    'a leftover JWT_SECRET is refused naming it',
    async () => {
      expectOneLineRefusal(
        await failedStart({ JWT_SECRET: 'an-old-hs256-secret-0123456789abcdefghij' }),
        /JWT_SECRET: is no longer used: access tokens are signed with AUTH_PRIVATE_KEY/,
      );
    },
    startTimeoutMs,
  );

  it(
    'production without AUTH_PRIVATE_KEY is refused naming it',
    async () => {
      expectOneLineRefusal(
        await failedStart({ NODE_ENV: 'production', INTERNAL_SECRET: 'an-internal-secret-0123456789abcdefghijkl' }),
        /^AUTH_PRIVATE_KEY: is required by the users service when NODE_ENV=production/m,
      );
    },
    startTimeoutMs,
  );
});
