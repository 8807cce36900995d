import { createLogger, createMemoryEventBus, openDatabase, type DatabaseConnection } from '@cryptograph/core';
import { importCandles, loadMarketEnv, prepareMarketDatabase, shippedFile } from '@cryptograph/market';
import { parseParams, preparePredictionsDatabase } from '@cryptograph/predictions';
import { testEnvironment } from '@cryptograph/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliTestEnv, runCli } from './test-support/cli-test-run.js';

describe.skipIf(!testEnvironment().databaseUrl)('npm run cli -- train', () => {
  let dir: string;
  let env: Record<string, string>;
  let connection: DatabaseConnection;
  let modelId: string;
  const owner = randomUUID();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cryptograph-cli-train-'));
    env = await cliTestEnv(dir);
    connection = await openDatabase({ url: env.DATABASE_URL! });
    const deps = { db: connection, bus: createMemoryEventBus(), logger: createLogger('cli-test', 'silent') };
    const market = await prepareMarketDatabase(loadMarketEnv({ ...env, INTERNAL_SECRET: 'x'.repeat(40) }), deps);
    await importCandles(market, { symbol: 'BTC', interval: '1d', file: shippedFile('BTC', '1d')! });
    const predictions = await preparePredictionsDatabase(deps);
    const model = await predictions
      .insertInto('models')
      .values({
        name: 'btc-naive',
        symbol: 'BTC',
        target: 'VOLATILITY',
        algorithm: 'NAIVE',
        interval: 'D1',
        horizon: 1,
        params: JSON.stringify(parseParams('NAIVE', {}, 'D1')),
        owner_id: owner,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    modelId = model.id;
  }, 60_000);

  afterAll(async () => {
    await connection?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('trains a model as its owner, prints the progress and the new version, and records the job', async () => {
    const trained = await runCli(['train', '--model', modelId, '--from', '2022-01-01T00:00:00Z', '--to', '2024-01-01T00:00:00Z'], env);
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/^Training btc-naive \(job [0-9a-f-]{36}\)…$/m);
    expect(trained.stdout).toContain('SUCCEEDED 100% done');
    const result = JSON.parse(trained.stdout.slice(trained.stdout.indexOf('{'))) as { versionId: string; version: number; stage: string };
    expect(result).toMatchObject({ version: 1, stage: 'DEVELOPMENT' });

    const predictions = await preparePredictionsDatabase({ db: connection, bus: createMemoryEventBus(), logger: createLogger('cli-test', 'silent') });
    expect(await predictions.selectFrom('jobs').select(['kind', 'status', 'created_by']).execute()).toEqual([
      { kind: 'TRAIN', status: 'SUCCEEDED', created_by: owner },
    ]);
    expect(await predictions.selectFrom('model_versions').select(['id', 'model_id', 'trigger']).execute()).toEqual([
      { id: result.versionId, model_id: modelId, trigger: 'MANUAL' },
    ]);
  }, 120_000);

  it('refuses a model that does not exist, and a window without enough candles, with one line and exit code 1', async () => {
    const unknown = randomUUID();
    const missing = await runCli(['train', '--model', unknown], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`train: Model "${unknown}" was not found.`);
    const malformed = await runCli(['train', '--model', 'not-an-id'], env);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr.trim()).toBe('train: Model "not-an-id" was not found.');
    const empty = await runCli(['train', '--model', modelId, '--from', '2009-01-03T00:00:00Z', '--to', '2010-01-01T00:00:00Z'], env);
    expect(empty.code).toBe(1);
    expect(empty.stderr.trim()).toMatch(/^train: The training window holds 0 D1 candles of BTC; NAIVE with horizon 1 needs at least \d+\.$/);
  }, 120_000);
});
