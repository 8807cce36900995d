// Scenario: on a fresh copy, `docker-compose config` refuses to start without secrets; `npm run compose:init` writes
// them (never over an existing .env) and `docker-compose config` then passes, with the signing key given to the users
// service only.
import { execFile } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { binaryOnPath, repositoryRoot, runCommand } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const available = binaryOnPath('docker-compose');
if (!available) {
  if (process.env.CI === 'true')
    throw new Error('CI=true but docker-compose is not on PATH: CI must validate docker-compose.yml (apt-get install docker-compose)');
  console.warn('docker-compose not found on PATH: skipping the compose validation (apt-get install -y docker-compose to run it)');
}

interface ComposeConfig {
  services: Record<string, { environment?: Record<string, string> }>;
}

/** `docker-compose config` in `dir`: exit code, printed configuration and errors. */
async function composeConfig(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('docker-compose', ['config'], { cwd: dir, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const composeInit = (dir: string) =>
  runCommand({ entry: 'apps/cryptograph/src/compose/compose-init.ts', args: ['--dir', dir], telemetry: false, env: {} }, 30_000);

describe.skipIf(!available)('npm run compose:init, then docker compose', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cryptograph-compose-'));
    copyFileSync(join(repositoryRoot, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a fresh copy has no secrets: docker-compose config says what to run', async () => {
    const result = await composeConfig(dir);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('run npm run compose:init to write .env');
  });

  it('compose:init writes fresh, distinct secrets to a private .env, and the configuration passes', async () => {
    const init = await composeInit(dir);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`Wrote ${join(dir, '.env')} with fresh secrets`);
    expect(init.stdout).toContain('Next: docker compose up');
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);

    const result = await composeConfig(dir);
    expect(result.stderr).not.toMatch(/error|missing/i);
    expect(result.code).toBe(0);
    const config = parse(result.stdout) as ComposeConfig;
    const users = config.services.users!.environment!;
    const gateway = config.services.gateway!.environment!;
    // The signing key reaches the users service, as the PEM it was (compose expands the \n escapes), and no other service.
    expect(createPrivateKey(users.AUTH_PRIVATE_KEY!).asymmetricKeyType).toBe('ed25519');
    expect(users.AUTH_PRIVATE_KEY).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=]+\n-----END PRIVATE KEY-----\n$/);
    for (const [name, service] of Object.entries(config.services)) if (name !== 'users') expect(service.environment?.AUTH_PRIVATE_KEY, name).toBeUndefined();
    const postgresPassword = config.services.postgres!.environment!.POSTGRES_PASSWORD!;
    const secrets = [
      gateway.INTERNAL_SECRET!,
      postgresPassword,
      config.services.grafana!.environment!.GF_SECURITY_ADMIN_PASSWORD!,
      users.ADMIN_PASSWORD!,
      users.AUTH_PRIVATE_KEY!,
    ];
    expect(new Set(secrets).size).toBe(secrets.length);
    for (const secret of secrets) expect(secret.length).toBeGreaterThanOrEqual(26);
    expect(gateway.INTERNAL_SECRET!.length).toBeGreaterThanOrEqual(32);
    expect(gateway.DATABASE_URL).toBe(`postgres://cryptograph:${postgresPassword}@postgres:5432/cryptograph`);
    for (const name of ['users', 'market', 'predictions', 'worker']) expect(config.services[name]!.environment!.INTERNAL_SECRET).toBe(gateway.INTERNAL_SECRET);
    expect(gateway.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('compose:init never overwrites an existing .env, and says so', async () => {
    const before = readFileSync(join(dir, '.env'), 'utf8');
    const again = await composeInit(dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${join(dir, '.env')} already exists: left as it is (delete it to generate new secrets). Next: docker compose up\n`);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(before);
  });
});
