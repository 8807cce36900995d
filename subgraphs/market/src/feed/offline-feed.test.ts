import { createLogger } from '@cryptograph/core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../candles/candle.table.js';
import { importCandles, writeCandleBatches } from '../import/import-candles.js';
import { createPriceIngestor } from '../ingest/price-ingestor.js';
import { parseReplaySpeed } from '../replay/replay-speed.js';
import { aggregateBars, toBars, type ApiCandle } from '../test-support/aggregate-bars.js';
import { feedMessages } from '../test-support/feed-messages.js';
import { signedIn, startMarketTestService, type MarketTestService } from '../test-support/market-test-service.js';
import { readShippedBars } from '../test-support/shared-data.js';
import { storedBars } from '../test-support/stored-bars.js';
import { createFeedReporter } from './feed-reporter.js';
import { startOfflineFeed, type OfflineFeedOptions } from './offline-feed.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const symbols = ['BTC', 'SOL'] as const;
const logger = createLogger('offline-feed-test', 'silent');

let market: MarketTestService;
let shipped: Record<(typeof symbols)[number], Bar[]>;
let lastShipped: number;
const messages = feedMessages();
const { ticks, closed, changed } = messages;

function storedMinutes(symbol: string) {
  return storedBars(market.service.db, symbol, '1m');
}

function runFeed(options: OfflineFeedOptions, withReporter = false) {
  const ingestor = createPriceIngestor({ db: market.service.db, cache: market.service.prices, bus: market.bus });
  const reporter = withReporter
    ? createFeedReporter(market.service.db, logger, { mode: 'simulated', speed: null, symbols: [], leader: 'test', clock: null })
    : undefined;
  const feed = startOfflineFeed({ db: market.service.db, ingestor, bus: market.bus, logger, ...(reporter ? { reporter } : {}) }, options);
  return { feed, reporter };
}

/** Waits until the bus delivered every message published so far (the memory bus and Redis deliver asynchronously). */
async function settled(): Promise<void> {
  let last = -1;
  while (last !== ticks.length + closed.length + changed.length) {
    last = ticks.length + closed.length + changed.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

function expectMonotonicTicks(): void {
  for (const symbol of symbols) {
    const times = ticks.filter((tick) => tick.symbol === symbol).map((tick) => Date.parse(tick.ts));
    for (let index = 1; index < times.length; index += 1) expect(times[index]!, `${symbol} tick ${index}`).toBeGreaterThan(times[index - 1]!);
  }
}

beforeAll(async () => {
  market = await startMarketTestService();
  for (const symbol of ['ETH', 'ADA', 'XRP', 'DOGE', 'BNB']) await market.request(`mutation { removeAsset(symbol: "${symbol}") }`, {}, signedIn('ADMIN'));
  shipped = { BTC: await readShippedBars('BTC', '1m'), SOL: await readShippedBars('SOL', '1m') };
  lastShipped = Math.max(...symbols.map((symbol) => shipped[symbol].at(-1)!.ts.getTime()));
  // The stored history ends a day before the shipped minutes do: the feed replays that day.
  for (const symbol of symbols)
    await writeCandleBatches(
      market.service.db,
      symbol,
      '1m',
      shipped[symbol].filter((bar) => bar.ts.getTime() <= lastShipped - day),
    );
  await messages.subscribe(market.bus);
}, 120_000);

afterAll(async () => {
  await messages.unsubscribe();
  await market?.close();
});

describe('offline feed: the last day of shipped minutes replayed, then the simulated market, at max speed', () => {
  const simulatedUntil = () => new Date(lastShipped + day);

  it('replays the shipped minutes, then simulates a day past them: ticks only move forward and say where they come from', async () => {
    const { feed, reporter } = runFeed({ speed: 'max', until: simulatedUntil() }, true);
    const result = await feed.finished;
    await reporter!.close();
    await settled();
    expect(result.clock).toEqual(simulatedUntil());
    expect(result.simulated).toBe(day / minute);
    expectMonotonicTicks();
    for (const symbol of symbols) {
      const own = ticks.filter((tick) => tick.symbol === symbol);
      const replayed = own.filter((tick) => tick.source === 'REPLAY');
      expect(replayed.map((tick) => tick.ts)).toEqual(shipped[symbol].filter((bar) => bar.ts.getTime() > lastShipped - day).map((bar) => bar.ts.toISOString()));
      const invented = own.filter((tick) => tick.source === 'SIMULATED');
      expect(invented).toHaveLength(day / minute);
      expect(Date.parse(invented[0]!.ts)).toBe(lastShipped + minute);
      expect(invented.every((tick) => Date.parse(tick.ts) > lastShipped)).toBe(true);
      expect(closed.filter((message) => message.symbol === symbol && message.simulated)).toHaveLength(invented.length);
      expect(closed.filter((message) => message.symbol === symbol && !message.simulated)).toHaveLength(replayed.length);
    }
    const feedState = await market.request(`{ marketFeed { source mode speed time symbols } }`);
    expect(feedState.data).toEqual({
      marketFeed: { source: 'SIMULATED', mode: 'simulated', speed: null, time: simulatedUntil().toISOString(), symbols: ['BTC', 'SOL'] },
    });
  }, 120_000);

  it('stores real bars exactly as shipped and every invented minute marked simulated, without gaps', async () => {
    for (const symbol of symbols) {
      const stored = await storedMinutes(symbol);
      const real = stored.filter((bar) => !bar.simulated);
      expect(real.map(({ simulated: _simulated, ...bar }) => bar)).toEqual(shipped[symbol]);
      const invented = stored.filter((bar) => bar.simulated);
      expect(invented.map((bar) => bar.ts.getTime())).toEqual(Array.from({ length: day / minute }, (_, index) => lastShipped + (index + 1) * minute));
      // The simulation continues from the last real close, with valid bars and no drift into absurd prices.
      expect(invented[0]!.open / shipped[symbol].at(-1)!.close).toBeGreaterThan(0.98);
      expect(invented[0]!.open / shipped[symbol].at(-1)!.close).toBeLessThan(1.02);
      for (const bar of invented) {
        expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
        expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
        expect(bar.volume).toBeGreaterThanOrEqual(0);
      }
      expect(invented.at(-1)!.close / shipped[symbol].at(-1)!.close).toBeGreaterThan(0.5);
      expect(invented.at(-1)!.close / shipped[symbol].at(-1)!.close).toBeLessThan(2);
    }
  });

  it('serves hourly and daily candles over the simulated window as exactly the aggregation of its minutes, marked simulated', async () => {
    const query = `query($interval: CandleInterval!, $from: DateTime, $to: DateTime) { candles(symbol: "BTC", interval: $interval, from: $from, to: $to) { ts open high low close volume simulated } }`;
    const minutes = await storedMinutes('BTC');
    const from = Math.floor((lastShipped - 6 * hour) / hour) * hour;
    const to = lastShipped + day;
    for (const [interval, width, start] of [
      ['H1', hour, from],
      ['D1', day, Math.floor(from / day) * day],
    ] as const) {
      const result = await market.request<{ candles: (ApiCandle & { simulated: boolean })[] }>(query, {
        interval,
        from: new Date(start).toISOString(),
        to: new Date(to).toISOString(),
      });
      expect(result.errors).toBeUndefined();
      const expected = aggregateBars(minutes, start, to, width);
      const actual = toBars(result.data!.candles);
      expect(actual.map((bar) => bar.ts.toISOString())).toEqual(expected.map((bar) => bar.ts.toISOString()));
      for (const [index, bar] of actual.entries()) {
        expect([bar.open, bar.high, bar.low, bar.close]).toEqual([expected[index]!.open, expected[index]!.high, expected[index]!.low, expected[index]!.close]);
        expect(Math.abs(bar.volume - expected[index]!.volume)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected[index]!.volume));
        const bucketEnd = Math.min(bar.ts.getTime() + width, to);
        expect(result.data!.candles[index]!.simulated, `${interval} ${bar.ts.toISOString()}`).toBe(bucketEnd > lastShipped + minute);
      }
    }
  });

  it('resumes after a restart where it stopped, without a gap or a duplicate, on the same path', async () => {
    const before = await storedMinutes('BTC');
    const stop = lastShipped + day;
    // A feed stopped midway, then a second one: together they write what one uninterrupted run writes.
    const interrupted = runFeed({ speed: 'max', until: new Date(stop + 30 * minute) }).feed;
    await interrupted.finished;
    const resumed = runFeed({ speed: 'max', until: new Date(stop + 2 * hour) }).feed;
    expect((await resumed.finished).simulated).toBe(90);
    await settled();
    expectMonotonicTicks();
    const after = await storedMinutes('BTC');
    const continued = after.slice(before.length);
    expect(continued.map((bar) => bar.ts.getTime())).toEqual(Array.from({ length: 120 }, (_, index) => stop + (index + 1) * minute));
    expect(continued.every((bar) => bar.simulated)).toBe(true);

    // The path is a function of the last close and the time: rewinding and replaying gives the same bars.
    await market.service.db
      .deleteFrom('candles')
      .where('simulated', '=', true)
      .where('ts', '>', new Date(stop + hour))
      .execute();
    ticks.length = 0;
    await runFeed({ speed: 'max', until: new Date(stop + 2 * hour) }).feed.finished;
    expect((await storedMinutes('BTC')).slice(before.length)).toEqual(continued);
  });

  it('lets real data win: an import replaces the simulated bars in its range, is announced, and the simulation continues after the newest real bar', async () => {
    const stored = await storedMinutes('SOL');
    const lastStored = stored.at(-1)!.ts.getTime();
    const dir = await mkdtemp(join(tmpdir(), 'cryptograph-offline-'));
    try {
      // Real bars (the shipped day before, moved in time) for the last 30 simulated minutes and 10 minutes ahead of the clock.
      const realBars = shipped.SOL.slice(-40).map((bar, index) => ({ ...bar, ts: new Date(lastStored - 29 * minute + index * minute) }));
      const file = join(dir, 'sol.csv');
      await writeFile(
        file,
        `ts,open,high,low,close,volume\n${realBars.map((bar) => `${bar.ts.toISOString()},${bar.open},${bar.high},${bar.low},${bar.close},${bar.volume}`).join('\n')}\n`,
      );
      changed.length = 0;
      const report = await importCandles(market.service.db, { symbol: 'SOL', interval: '1m', file, bus: market.bus });
      expect(report.replacedSimulated).toBe(30);
      await settled();
      expect(changed).toContainEqual({
        symbol: 'SOL',
        from: realBars[0]!.ts.toISOString(),
        to: new Date(realBars.at(-1)!.ts.getTime() + minute).toISOString(),
        reason: 'import',
      });
      const afterImport = await storedMinutes('SOL');
      expect(afterImport.filter((bar) => bar.ts.getTime() >= realBars[0]!.ts.getTime()).map(({ simulated, ...bar }) => ({ ...bar, simulated }))).toEqual(
        realBars.map((bar) => ({ ...bar, simulated: false })),
      );

      ticks.length = 0;
      await runFeed({ speed: 'max', until: new Date(lastStored + 20 * minute) }).feed.finished;
      await settled();
      const sol = ticks.filter((tick) => tick.symbol === 'SOL');
      expect(sol.slice(0, 10).map((tick) => [tick.ts, tick.source, tick.price])).toEqual(
        realBars.slice(30).map((bar) => [bar.ts.toISOString(), 'REPLAY', bar.close]),
      );
      expect(sol.slice(10).every((tick) => tick.source === 'SIMULATED')).toBe(true);
      const firstInvented = (await storedMinutes('SOL')).find((bar) => bar.ts.getTime() === realBars.at(-1)!.ts.getTime() + minute)!;
      expect(firstInvented.simulated).toBe(true);
      expect(firstInvented.open / realBars.at(-1)!.close).toBeGreaterThan(0.98);
      expect(firstInvented.open / realBars.at(-1)!.close).toBeLessThan(1.02);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('offline feed pacing', () => {
  it('paces minutes in feed time and stops on request', async () => {
    const started = Date.now();
    const before = ticks.length;
    // 600 feed seconds per second: one minute every 100 ms.
    const { feed } = runFeed({ speed: 600 });
    await expect.poll(() => ticks.length - before, { timeout: 5000 }).toBeGreaterThanOrEqual(6);
    await feed.stop();
    const result = await feed.finished;
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(result.simulated).toBeGreaterThanOrEqual(3);
    expect(result.simulated).toBeLessThan(40);
  });
});

describe('parseReplaySpeed', () => {
  it('accepts numbers, max and 0, and rejects anything else', () => {
    expect(parseReplaySpeed('60')).toBe(60);
    expect(parseReplaySpeed('MAX')).toBe('max');
    expect(parseReplaySpeed('0')).toBe(0);
    expect(parseReplaySpeed('1.5')).toBe(1.5);
    expect(() => parseReplaySpeed('fast')).toThrow(/Invalid replay speed/);
    expect(() => parseReplaySpeed('-1')).toThrow(/Invalid replay speed/);
  });
});
