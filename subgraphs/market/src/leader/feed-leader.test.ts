import { priceTickChannel, type PriceTickMessage } from '@cryptograph/core';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnvironment } from '@cryptograph/testing';
import { writeCandleBatches } from '../import/import-candles.js';
import { loadFeedState } from '../feed/feed-state.repository.js';
import { signedIn, startMarketTestService, type MarketTestService } from '../test-support/market-test-service.js';
import { readShippedBars } from '../test-support/shared-data.js';

const marketMain = fileURLToPath(new URL('../main.ts', import.meta.url));

/** A market subgraph in its own process, with its log lines collected. */
interface Replica {
  readonly child: ChildProcess;
  readonly lines: string[];
  leads(): boolean;
}

describe.skipIf(!testEnvironment().databaseUrl)('feed leader election (two market processes on one Postgres and Redis)', () => {
  let observer: MarketTestService;
  const replicas: Replica[] = [];
  const ticks: PriceTickMessage[] = [];
  let unsubscribe: (() => Promise<void>) | undefined;

  const startReplica = (): Replica => {
    const env = observer.env;
    const child = spawn(process.execPath, ['--import', 'tsx', marketMain], {
      env: {
        ...process.env,
        DATABASE_URL: env.DATABASE_URL,
        REDIS_URL: env.REDIS_URL,
        EVENT_BUS_PREFIX: env.EVENT_BUS_PREFIX,
        INTERNAL_SECRET: env.INTERNAL_SECRET,
        DATA_DIR: env.DATA_DIR,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'info',
        MARKET_SEED_DATA: 'false',
        EXCHANGE_FEED: 'replay',
        REPLAY_SPEED: '300',
        FEED_LEADER_CHECK_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
    const replica = { child, lines, leads: () => lines.some((line) => line.includes('this process leads the feed')) };
    replicas.push(replica);
    return replica;
  };

  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));

  beforeAll(async () => {
    observer = await startMarketTestService();
    for (const symbol of ['SOL', 'ADA', 'XRP', 'DOGE', 'BNB']) await observer.request(`mutation { removeAsset(symbol: "${symbol}") }`, {}, signedIn('ADMIN'));
    for (const symbol of ['BTC', 'ETH']) await writeCandleBatches(observer.service.db, symbol, '1m', (await readShippedBars(symbol, '1m')).slice(-120));
    unsubscribe = await observer.bus.subscribe(priceTickChannel, (message) => void ticks.push(message as PriceTickMessage));
  }, 60_000);

  afterAll(async () => {
    for (const { child } of replicas) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(replicas.map(({ child }) => exited(child)));
    await unsubscribe?.();
    await observer?.close();
  });

  it('runs exactly one feed; when the leader is killed the other takes over within 15 s, without duplicate bars or ticks', async () => {
    const [first, second] = [startReplica(), startReplica()];
    await expect.poll(() => replicas.filter((replica) => replica.leads()).length, { timeout: 90_000, interval: 200 }).toBe(1);
    const leader = first.leads() ? first : second;
    const follower = leader === first ? second : first;
    await expect.poll(() => follower.lines.some((line) => line.includes('another replica leads the feed')), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => ticks.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(20);
    expect((await loadFeedState(observer.service.db))?.leader).toMatch(new RegExp(`:${leader.child.pid}$`));
    expect(follower.leads()).toBe(false);

    leader.child.kill('SIGKILL');
    await exited(leader.child);
    const killedAt = Date.now();
    const ticksAtKill = ticks.length;
    await expect.poll(() => follower.leads(), { timeout: 15_000, interval: 100 }).toBe(true);
    await expect.poll(() => ticks.length, { timeout: 15_000, interval: 100 }).toBeGreaterThan(ticksAtKill + 4);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    expect((await loadFeedState(observer.service.db))?.leader).toMatch(new RegExp(`:${follower.child.pid}$`));

    follower.child.kill('SIGTERM');
    await exited(follower.child);
    expect(follower.child.exitCode).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));

    for (const symbol of ['BTC', 'ETH']) {
      const times = ticks.filter((tick) => tick.symbol === symbol).map((tick) => Date.parse(tick.ts));
      expect(new Set(times).size, `${symbol} ticks without duplicates`).toBe(times.length);
      for (let index = 1; index < times.length; index += 1) expect(times[index]!).toBeGreaterThan(times[index - 1]!);
      const rows = await observer.service.db
        .selectFrom('candles')
        .select('ts')
        .where('symbol', '=', symbol)
        .where('interval', '=', '1m')
        .where('simulated', '=', true)
        .orderBy('ts')
        .execute();
      const stored = rows.map((row) => new Date(row.ts).getTime());
      // One continuous simulated timeline across both leaders: no gap, no duplicate minute.
      expect(stored.length).toBeGreaterThan(10);
      expect(stored.at(-1)! - stored[0]!).toBe((stored.length - 1) * 60_000);
    }
  }, 240_000);
});
