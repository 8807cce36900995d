// Scenario: an operator starts each entry point (every service, `npm start`'s stack, the worker, the CLI) with a bad
// setting: one line naming the variable and the rule, exit code 1, no stack trace.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInfrastructure } from '@cryptograph/core';
import { freePort, runCommand, testEnvironment } from '@cryptograph/testing';

const entries = {
  gateway: 'gateway/src/main.ts',
  users: 'subgraphs/users/src/main.ts',
  market: 'subgraphs/market/src/main.ts',
  predictions: 'subgraphs/predictions/src/main.ts',
  worker: 'subgraphs/predictions/src/worker-main.ts',
  stack: 'apps/cryptograph/src/start.ts',
  cli: 'apps/cryptograph/src/cli.ts',
} as const;

let dataDir: string;
let occupied: Server;
let occupiedPort: number;
let closedPort: number;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-operator-'));
  occupied = createServer();
  await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
  occupiedPort = (occupied.address() as { port: number }).port;
  closedPort = await freePort();
});

afterAll(async () => {
  await new Promise((resolve) => occupied.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs an entry point with a clean test environment plus `env`. */
function run(entry: keyof typeof entries, env: Record<string, string>, args: string[] = []) {
  return runCommand({
    entry: entries[entry],
    args,
    telemetry: entry !== 'cli',
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      INTERNAL_SECRET: randomBytes(32).toString('base64url'),
      MARKET_SEED_DATA: 'false',
      REPLAY_SPEED: '0',
      EXCHANGE_FEED: 'off',
      STARTUP_WAIT_SECONDS: '1',
      ...env,
    },
  });
}

/** The contract: exit code 1, exactly `lines` on stderr, nothing that looks like a stack trace anywhere. */
function expectOperatorError(result: Awaited<ReturnType<typeof run>>, lines: (string | RegExp)[]): void {
  const printed = result.stderr.trimEnd().split('\n');
  expect({ code: result.code, printed: printed.length }).toEqual({ code: 1, printed: lines.length });
  lines.forEach((line, index) => (typeof line === 'string' ? expect(printed[index]).toBe(line) : expect(printed[index]).toMatch(line)));
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/\n\s+at |"stack"|Error:/);
}

const databaseUrl = testEnvironment().databaseUrl;

// Each case starts a real process (about 4 s of CPU to load a service): generous timeouts for a loaded machine.
describe('operator errors: one line naming the variable, exit code 1', { timeout: 90_000 }, () => {
  it('gateway: invalid variables, each on its line', async () => {
    const result = await run('gateway', { PORT: 'abc', GRAPHQL_MAX_DEPTH: '0', USERS_URL: 'users-service' });
    expect([...result.stderr.trimEnd().split('\n')].sort()).toEqual(
      ['GRAPHQL_MAX_DEPTH: must be a whole number from 1 to 100', 'PORT: must be a whole number from 0 to 65535', 'USERS_URL: must be a URL'].sort(),
    );
    expectOperatorError(result, [/./, /./, /./]);
  });

  it('gateway: REDIS_URL that does not answer', async () => {
    expectOperatorError(await run('gateway', { REDIS_URL: `redis://127.0.0.1:${closedPort}` }), [
      `REDIS_URL: cannot connect to redis://127.0.0.1:${closedPort} (connect ECONNREFUSED 127.0.0.1:${closedPort}; waited 1 s, see STARTUP_WAIT_SECONDS)`,
    ]);
  });

  it('gateway: a PORT already in use', async () => {
    expectOperatorError(await run('gateway', { PORT: String(occupiedPort) }), [
      `HOST/PORT: cannot listen on 127.0.0.1:${occupiedPort}: the address is already in use (is another copy running?)`,
    ]);
  });

  it('users: a DATABASE_URL that is not a postgres URL and an unknown LOG_LEVEL', async () => {
    const result = await run('users', { DATABASE_URL: 'nonsense', LOG_LEVEL: 'loud' });
    expectOperatorError(result, [/./, /./]);
    expect(result.stderr.trimEnd().split('\n').sort()).toEqual([
      'DATABASE_URL: must be a postgres:// URL, e.g. postgres://user:password@host:5432/database',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('users: a DATABASE_URL nobody listens on, without its password in the message', async () => {
    expectOperatorError(await run('users', { DATABASE_URL: `postgres://app:s3cret-password@127.0.0.1:${closedPort}/cryptograph` }), [
      new RegExp(
        `^DATABASE_URL: cannot connect to postgres://127\\.0\\.0\\.1:${closedPort}/cryptograph \\(.*ECONNREFUSED.*; waited 1 s, see STARTUP_WAIT_SECONDS\\)$`,
      ),
    ]);
  });

  it.runIf(databaseUrl)('market: a DATABASE_URL naming a database that does not exist fails at once', async () => {
    const url = new URL(databaseUrl!);
    url.pathname = '/no_such_database';
    const started = Date.now();
    const result = await run('market', { DATABASE_URL: url.href, STARTUP_WAIT_SECONDS: '30' });
    expectOperatorError(result, [
      `DATABASE_URL: ${url.protocol}//${url.host}/no_such_database refused the connection: 3D000 database "no_such_database" does not exist`,
    ]);
    expect(Date.now() - started).toBeLessThan(25_000);
  });

  it('predictions: REDIS_URL that does not answer', async () => {
    expectOperatorError(await run('predictions', { REDIS_URL: `redis://127.0.0.1:${closedPort}` }), [
      new RegExp(`^REDIS_URL: cannot connect to redis://127\\.0\\.0\\.1:${closedPort} \\(`),
    ]);
  });

  it('worker: METRICS_PORT out of range, and no DATABASE_URL', async () => {
    expectOperatorError(await run('worker', { METRICS_PORT: '70000' }), ['METRICS_PORT: must be a whole number from 0 to 65535']);
    expectOperatorError(await run('worker', {}), [
      'DATABASE_URL: the standalone worker needs a real Postgres server; on the embedded database `npm start` runs the worker in-process',
    ]);
  });

  it('npm start: a subgraph address already in use names its variable', async () => {
    expectOperatorError(
      await run('stack', {
        PORT: '0',
        USERS_URL: `http://127.0.0.1:${occupiedPort}/graphql`,
        MARKET_URL: 'http://127.0.0.1:0/graphql',
        PREDICTIONS_URL: 'http://127.0.0.1:0/graphql',
      }),
      [`USERS_URL: cannot listen on 127.0.0.1:${occupiedPort}: the address is already in use (is another copy running?)`],
    );
  });

  it('npm start: a DATA_DIR that is a file, an invalid telemetry setting', async () => {
    const file = join(dataDir, 'not-a-folder');
    writeFileSync(file, '');
    expectOperatorError(
      await run('stack', {
        PORT: '0',
        DATA_DIR: file,
        USERS_URL: 'http://127.0.0.1:0/graphql',
        MARKET_URL: 'http://127.0.0.1:0/graphql',
        PREDICTIONS_URL: 'http://127.0.0.1:0/graphql',
      }),
      [`DATA_DIR: cannot keep the embedded database in ${file}/pgdata (ENOTDIR): set it to a writable folder`],
    );
    expectOperatorError(await run('stack', { OTEL_TRACES_SAMPLER_ARG: '2' }), ['OTEL_TRACES_SAMPLER_ARG: must be a number from 0 to 1']);
  });

  it('npm start: an ADMIN_PASSWORD the password policy refuses', async () => {
    const addresses = {
      PORT: '0',
      USERS_URL: 'http://127.0.0.1:0/graphql',
      MARKET_URL: 'http://127.0.0.1:0/graphql',
      PREDICTIONS_URL: 'http://127.0.0.1:0/graphql',
    };
    expectOperatorError(
      await run('stack', {
        ...addresses,
        DATA_DIR: mkdtempSync(join(dataDir, 'stack-')),
        ADMIN_EMAIL: 'root@example.com',
        ADMIN_USERNAME: 'root',
        ADMIN_PASSWORD: 'short',
      }),
      ['ADMIN_PASSWORD: Password must be 8 to 128 characters long; a passphrase of a few words is easiest to remember. (rule: length)'],
    );
  });

  it.runIf(databaseUrl)('users: a common ADMIN_PASSWORD, an ADMIN_EMAIL without ADMIN_PASSWORD', async () => {
    const admin = { DATABASE_URL: databaseUrl!, PORT: '0', ADMIN_EMAIL: 'root@example.com', ADMIN_USERNAME: 'root' };
    expectOperatorError(await run('users', { ...admin, ADMIN_PASSWORD: 'password1' }), [
      /^ADMIN_PASSWORD: Password is one of the most commonly used passwords; .* \(rule: common\)$/,
    ]);
    expectOperatorError(await run('users', admin), ['ADMIN_PASSWORD: is required with ADMIN_EMAIL (the password of the admin created on start)']);
  });

  it('CLI beside a running process on the same embedded database: refused instead of writing where nobody reads', async () => {
    const shared = mkdtempSync(join(dataDir, 'embedded-'));
    const csv = join(shared, 'ltc.csv');
    writeFileSync(csv, 'ts,open,high,low,close,volume\n2024-07-10T00:00:00Z,1,2,0.5,1.5,10\n');
    const importLtc = ['import-candles', '--symbol', 'LTC', '--interval', 'D1', '--file', csv, '--create', '--name', 'Litecoin'];
    // This process holds the embedded database, as `npm start` does.
    const running = await openInfrastructure({ DATA_DIR: shared });
    try {
      expectOperatorError(await run('cli', { DATA_DIR: shared }, importLtc), [
        `DATA_DIR: the embedded database in ${join(shared, 'pgdata')} is in use by another process (a running \`npm start\`?): stop it first, or set DATABASE_URL to a Postgres server both can use (a lock left by a process that died lapses within 20 seconds)`,
      ]);
    } finally {
      await running.close();
    }
    const alone = await run('cli', { DATA_DIR: shared, LOG_LEVEL: 'silent' }, importLtc);
    expect({ code: alone.code, stderr: alone.stderr }).toEqual({ code: 0, stderr: '' });
    expect(alone.stdout).toContain('Now tracking LTC (Litecoin).');
  });

  it('CLI: the same environment rules as the services', async () => {
    const csv = join(dataDir, 'candles.csv');
    writeFileSync(csv, 'ts,open,high,low,close,volume\n');
    expectOperatorError(await run('cli', { DATABASE_URL: 'mysql://db/app' }, ['import-candles', '--symbol', 'BTC', '--interval', 'D1', '--file', csv]), [
      'DATABASE_URL: must be a postgres:// URL, e.g. postgres://user:password@host:5432/database',
    ]);
    expectOperatorError(await run('cli', { REDIS_URL: `redis://127.0.0.1:${closedPort}` }, ['replay', '--speed', '60']), [
      new RegExp(`^REDIS_URL: cannot connect to redis://127\\.0\\.0\\.1:${closedPort} \\(`),
    ]);
  });
});
