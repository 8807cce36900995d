import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliTestEnv, runCli } from './test-support/cli-test-run.js';
import { createLogger, createMemoryEventBus, openDatabase, type DatabaseConnection } from '@cryptograph/core';
import { loadMarketEnv, prepareMarketDatabase } from '@cryptograph/market';
import { testEnvironment } from '@cryptograph/testing';

describe.skipIf(!testEnvironment().databaseUrl)('npm run cli -- import-candles', () => {
  let dir: string;
  let file: string;
  let env: Record<string, string>;
  let connection: DatabaseConnection;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cryptograph-cli-import-'));
    file = join(dir, 'ltc.csv');
    await writeFile(file, 'ts,open,high,low,close,volume\n2024-01-01T00:00:00Z,70,75,69,72,1000\n2024-01-02T00:00:00Z,72,74,70,71,900\n');
    env = await cliTestEnv(dir);
    connection = await openDatabase({ url: env.DATABASE_URL! });
  });

  afterAll(async () => {
    await connection?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an asset that is not tracked, saying how to add it, and imports it with --create --name', async () => {
    const refused = await runCli(['import-candles', '--symbol', 'LTC', '--interval', 'D1', '--file', file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/"LTC": it is not tracked yet\. Pass --create --name/);

    const usage = await runCli(['import-candles', '--symbol', 'LTC', '--interval', 'D1', '--file', file, '--create'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--create needs --name');

    const created = await runCli(['import-candles', '--symbol', 'ltc', '--interval', 'D1', '--file', file, '--create', '--name', 'Litecoin'], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Now tracking LTC (Litecoin).');
    expect(created.stdout).toContain('2 rows, 2 new');

    const db = await prepareMarketDatabase(loadMarketEnv({ ...env, INTERNAL_SECRET: 'x'.repeat(40) }), {
      db: connection,
      bus: createMemoryEventBus(),
      logger: createLogger('cli-test', 'silent'),
    });
    expect(await db.selectFrom('assets').select(['symbol', 'name', 'quote', 'active']).where('symbol', '=', 'LTC').execute()).toEqual([
      { symbol: 'LTC', name: 'Litecoin', quote: 'USD', active: true },
    ]);
    expect((await db.selectFrom('candles').select('close').where('symbol', '=', 'LTC').orderBy('ts').execute()).map((row) => row.close)).toEqual([72, 71]);
  }, 120_000);
});
