import { createLogger, createMemoryEventBus, openDatabase, type DatabaseConnection } from '@cryptograph/core';
import { loadMarketEnv, prepareMarketDatabase } from '@cryptograph/market';
import { startServiceProcess, testEnvironment, type ServiceProcess } from '@cryptograph/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliTestEnv } from './test-support/cli-test-run.js';

describe.skipIf(!testEnvironment().databaseUrl)('npm run cli -- replay', () => {
  let dir: string;
  let env: Record<string, string>;
  let connection: DatabaseConnection;
  let replay: ServiceProcess | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cryptograph-cli-replay-'));
    env = await cliTestEnv(dir);
    connection = await openDatabase({ url: env.DATABASE_URL! });
  }, 60_000);

  afterAll(async () => {
    await replay?.stop();
    await connection?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('leads the feed and plays the offline feed until SIGTERM, then prints what it played and hands the feed back', async () => {
    const market = await prepareMarketDatabase(loadMarketEnv({ ...env, INTERNAL_SECRET: 'x'.repeat(40) }), {
      db: connection,
      bus: createMemoryEventBus(),
      logger: createLogger('cli-test', 'silent'),
    });
    const feedState = () => market.selectFrom('feed_state').selectAll().executeTakeFirst();
    // A fresh database: only this CLI writes the feed's report.
    replay = await startServiceProcess(
      'replay',
      { entry: 'apps/cryptograph/src/cli.ts', args: ['replay', '--speed', 'max'], env: { ...env, LOG_LEVEL: 'silent' }, telemetry: false },
      async () => {
        const state = await feedState();
        return state?.leader.startsWith(`${hostname()}:`) === true && state.clock !== null;
      },
      90_000,
    );
    const leader = `${hostname()}:${replay.pid}`;
    expect((await feedState())?.leader).toBe(leader);
    await replay.stop();
    expect(await replay.waitForExit()).toBe(0);
    const summary = /Feed stopped: (\d+) minute\(s\) of shipped data replayed, (\d+) feed minute\(s\) after it, clock at (\S+)\./.exec(replay.output());
    expect(summary, replay.output()).not.toBeNull();
    expect(Number(summary![1]) + Number(summary![2])).toBeGreaterThan(0);
    const after = await feedState();
    expect(after).toMatchObject({ mode: 'off', leader });
    expect(new Date(summary![3]!).getTime()).toBe(after!.clock!.getTime());
  }, 120_000);
});
