import { createTestDatabase, testEnvironment } from '@cryptograph/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/cli-test-run.js';

describe.skipIf(!testEnvironment().databaseUrl)('npm run cli -- create-admin', () => {
  let dir: string;
  let env: Record<string, string>;
  const admin = { email: 'boss@example.com', username: 'boss', password: 'Correct-Horse-9-Battery' };
  const args = (account: { email: string; username: string; password: string }) => [
    'create-admin',
    '--email',
    account.email,
    '--username',
    account.username,
    '--password',
    account.password,
  ];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cryptograph-cli-admin-'));
    env = { DATABASE_URL: await createTestDatabase(testEnvironment().databaseUrl!), DATA_DIR: dir, NODE_ENV: 'test' };
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the admin once; run again, it leaves that admin as it is', async () => {
    const created = await runCli(args(admin), env);
    expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
    const id = /^Admin ready: boss <boss@example\.com> \(id ([0-9a-f-]{36})\)$/m.exec(created.stdout)?.[1];
    expect(id).toBeDefined();
    const again = await runCli(args({ ...admin, password: 'Another-Horse-7-Staple' }), env);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    expect(again.stdout).toContain(`(id ${id})`);
  }, 120_000);

  it('refuses a bad password, and the built-in system user, in one line with exit code 1', async () => {
    const weak = await runCli(args({ email: 'other@example.com', username: 'other', password: 'short' }), env);
    expect({ code: weak.code, stderr: weak.stderr.trim() }).toEqual({
      code: 1,
      stderr: '--password: Password must be 8 to 128 characters long; a passphrase of a few words is easiest to remember. (rule: length)',
    });
    const system = await runCli(args({ email: 'other@example.com', username: 'system', password: admin.password }), env);
    expect({ code: system.code, stderr: system.stderr.trim() }).toEqual({
      code: 1,
      stderr: '--username: names the built-in "system" user, which cannot sign in or be an admin',
    });
  }, 120_000);

  it('says in its help what it does: it never promotes an existing account', async () => {
    const help = await runCli(['help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('any other account holding either is refused, never promoted');
    expect(help.stdout).not.toMatch(/promotes/);
  }, 60_000);
});
