import { createLogger } from '@cryptograph/core';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { insertSimulatedMinutes, upsertCandles } from '../candles/candle.repository.js';
import type { Bar } from '../candles/candle.table.js';
import { loadFeedState } from '../feed/feed-state.repository.js';
import { createPriceIngestor } from '../ingest/price-ingestor.js';
import { FakeExchange, tickerMessage } from '../test-support/fake-exchange.js';
import { feedMessages } from '../test-support/feed-messages.js';
import { signedIn, startMarketTestService, type MarketTestService } from '../test-support/market-test-service.js';
import { readShippedBars } from '../test-support/shared-data.js';
import { storedBars } from '../test-support/stored-bars.js';
import { planBackfill } from './backfill-plan.js';
import { createCoinbaseRest } from './coinbase-rest.js';
import { startLiveFeed, type LiveFeed } from './live-feed.js';

const minute = 60_000;
const day = 86_400_000;
const logger = createLogger('live-feed-test', 'silent');
/** The fake exchange's "now": the exchange's data is the real shipped data moved to end here. */
const now = new Date('2031-01-10T12:34:20Z');
const minuteDays = 2;

let market: MarketTestService;
let exchange: FakeExchange;
let live: LiveFeed | undefined;
let exchangeMinutes: Bar[];
let exchangeDays: Bar[];
let clock = now.getTime();
const messages = feedMessages();
const { ticks, closed, changed } = messages;

/** Real bars moved in time so that the last one starts at `lastStart`. */
function shifted(bars: readonly Bar[], lastStart: number): Bar[] {
  const offset = lastStart - bars.at(-1)!.ts.getTime();
  return bars.map((bar) => ({ ...bar, ts: new Date(bar.ts.getTime() + offset) }));
}

function stored(symbol: string, interval: '1m' | '1d', from: Date) {
  return storedBars(market.service.db, symbol, interval, from);
}

function startLive(options: { requestsPerSecond?: number; retryMinMs?: number } = {}): LiveFeed {
  const rest = createCoinbaseRest({
    baseUrl: exchange.restUrl,
    requestsPerSecond: options.requestsPerSecond ?? 10,
    logger,
    retryMinMs: options.retryMinMs ?? 20,
  });
  const ingestor = createPriceIngestor({ db: market.service.db, cache: market.service.prices, bus: market.bus });
  live = startLiveFeed({
    db: market.service.db,
    rest,
    ingestor,
    logger,
    wsUrl: exchange.wsUrl,
    symbols: ['BTC'],
    minuteDays,
    backoff: { initialMs: 20, maxMs: 100 },
    now: () => new Date(clock),
  });
  return live;
}

beforeAll(async () => {
  market = await startMarketTestService();
  for (const symbol of ['ETH', 'SOL', 'ADA', 'XRP', 'DOGE', 'BNB'])
    await market.request(`mutation { removeAsset(symbol: "${symbol}") }`, {}, signedIn('ADMIN'));
  const [minutes, days] = await Promise.all([readShippedBars('BTC', '1m'), readShippedBars('BTC', '1d')]);
  // The exchange has minutes up to the last closed minute before `now`, and daily bars up to yesterday.
  exchangeMinutes = shifted(minutes, Math.floor(now.getTime() / minute) * minute - minute);
  exchangeDays = shifted(days, Math.floor(now.getTime() / day) * day - day);
  // Stored: real daily history up to 2030-12-20, then a simulated continuation (the feed ran offline).
  const storedDays = exchangeDays.filter((bar) => bar.ts < new Date('2030-12-21T00:00:00Z'));
  await upsertCandles(market.service.db, 'BTC', '1d', storedDays);
  const simulated = Array.from({ length: 90 }, (_, index) => ({
    symbol: 'BTC',
    bar: { ...storedDays.at(-1)!, ts: new Date(Date.parse('2030-12-21T00:00:00Z') + index * minute) },
  }));
  await insertSimulatedMinutes(market.service.db, simulated);
  await messages.subscribe(market.bus);
}, 120_000);

afterEach(async () => {
  await live?.stop();
  live = undefined;
  await exchange?.close();
});

afterAll(async () => {
  await messages.unsubscribe();
  await market?.close();
});

describe('backfill plan', () => {
  it('asks for daily bars before the minute window and closed minute bars in it, from the newest real bar on', () => {
    expect(planBackfill('BTC', new Date('2030-12-21T00:00:00Z'), now, 2)).toEqual({
      symbol: 'BTC',
      days: { from: new Date('2030-12-21T00:00:00Z'), to: new Date('2031-01-08T00:00:00Z') },
      minutes: { from: new Date('2031-01-08T00:00:00Z'), to: new Date('2031-01-10T12:34:00Z') },
    });
    expect(planBackfill('BTC', new Date('2031-01-10T12:00:00Z'), now, 2)).toEqual({
      symbol: 'BTC',
      days: null,
      minutes: { from: new Date('2031-01-10T12:00:00Z'), to: new Date('2031-01-10T12:34:00Z') },
    });
    expect(planBackfill('BTC', new Date('2031-01-10T12:34:00Z'), now, 2)).toEqual({ symbol: 'BTC', days: null, minutes: null });
  });
});

describe('live feed against a local exchange speaking the Coinbase formats', () => {
  it('backfills with pagination under the rate limit, through 429s, replacing the simulated bars, then streams the ticker', async () => {
    exchange = await FakeExchange.start();
    exchange.now = now;
    exchange.setCandles('BTC-USD', 60, exchangeMinutes);
    exchange.setCandles('BTC-USD', 86_400, exchangeDays);
    exchange.failNext(429, 503, 429);
    const running = startLive({ requestsPerSecond: 5 });
    await running.streaming;
    await expect.poll(() => exchange.subscribes.length).toBe(1);

    // Minutes: 2 days and 12 h 34 min = 3,634 closed minutes in 13 requests of at most 300 (the exchange refuses more).
    const minuteRequests = exchange.candleRequests(60).filter((request) => request.status === 200);
    expect(minuteRequests).toHaveLength(13);
    expect(exchange.requests.filter((request) => request.status === 400)).toHaveLength(0);
    expect(exchange.requests.filter((request) => request.status === 429 || request.status === 503)).toHaveLength(3);
    // Paced under 5 requests per second: no 1-second window holds more than 5.
    const times = exchange.requests.map((request) => request.at);
    // (950 ms: a request released exactly one second after another may arrive a millisecond early.)
    for (const at of times) expect(times.filter((other) => other >= at && other < at + 950).length).toBeLessThanOrEqual(5);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(Math.floor((times.length - 1) / 5) * 1000 - 50);

    const windowStart = new Date('2031-01-08T00:00:00Z');
    const expectedMinutes = exchangeMinutes.filter((bar) => bar.ts >= windowStart && bar.ts.getTime() < Math.floor(now.getTime() / minute) * minute);
    expect((await stored('BTC', '1m', windowStart)).map(({ simulated, ...bar }) => (simulated ? null : bar))).toEqual(expectedMinutes);
    const expectedDays = exchangeDays.filter((bar) => bar.ts >= new Date('2030-12-21T00:00:00Z') && bar.ts < windowStart);
    expect((await stored('BTC', '1d', new Date('2030-12-21T00:00:00Z'))).map(({ simulated: _simulated, ...bar }) => bar)).toEqual(expectedDays);
    // Real data won: the simulated continuation is gone, and the change was announced.
    expect((await stored('BTC', '1m', new Date('2030-12-21T00:00:00Z'))).filter((bar) => bar.simulated)).toEqual([]);
    await expect.poll(() => changed.find((message) => message.reason === 'backfill')).toMatchObject({ symbol: 'BTC', from: '2030-12-21T00:00:00.000Z' });
    await expect.poll(() => ticks.at(-1)).toMatchObject({ symbol: 'BTC', source: 'LIVE', ts: expectedMinutes.at(-1)!.ts.toISOString() });

    // The ticker: trades build the current minute's bar; the bar is announced closed when the next minute's trade arrives.
    exchange.send({ type: 'heartbeat', sequence: 1, last_trade_id: 1, product_id: 'BTC-USD', time: '2031-01-10T12:34:21.000000Z' });
    exchange.send(tickerMessage('BTC-USD', '65000.00', '2031-01-10T12:34:25.100000Z', '0.5'));
    exchange.send(tickerMessage('BTC-USD', '65100.00', '2031-01-10T12:34:40.000000Z', '0.25'));
    exchange.send(tickerMessage('BTC-USD', '64000.00', '2031-01-10T12:34:30.000000Z', '9'));
    exchange.send('not json at all');
    exchange.send(tickerMessage('BTC-USD', '65050.00', '2031-01-10T12:35:02.000000Z', '1'));
    await expect.poll(() => ticks.filter((tick) => tick.ts >= '2031-01-10T12:34:25').length).toBe(3);
    expect(ticks.filter((tick) => tick.ts >= '2031-01-10T12:34:25').map((tick) => [tick.price, tick.source])).toEqual([
      [65000, 'LIVE'],
      [65100, 'LIVE'],
      [65050, 'LIVE'],
    ]);
    expect(running.socket()!.stats).toMatchObject({ tickers: 4, ignored: 1 });
    await expect
      .poll(() => closed.find((message) => message.ts === '2031-01-10T12:34:00.000Z'))
      .toEqual({ symbol: 'BTC', ts: '2031-01-10T12:34:00.000Z', simulated: false });
    const bars = await stored('BTC', '1m', new Date('2031-01-10T12:34:00Z'));
    expect(bars.map((bar) => [bar.ts.toISOString(), bar.open, bar.high, bar.low, bar.close, bar.volume])).toEqual([
      ['2031-01-10T12:34:00.000Z', 65000, 65100, 65000, 65100, 0.75],
      ['2031-01-10T12:35:00.000Z', 65050, 65050, 65050, 65050, 1],
    ]);
  });

  it('after a disconnect, fills the missed minutes from REST and publishes them in order before the new ticks', async () => {
    exchange = await FakeExchange.start();
    clock = Date.parse('2031-01-10T12:35:30Z');
    exchange.now = new Date(clock);
    exchange.setCandles('BTC-USD', 60, exchangeMinutes);
    exchange.setCandles('BTC-USD', 86_400, exchangeDays);
    const running = startLive();
    await running.streaming;
    await expect.poll(() => exchange.subscribes.length).toBe(1);
    const before = ticks.length;
    // While we are away (12:35 to 12:40) the exchange keeps trading: its REST candles get those
    // minutes (12:40 is still in progress when we are back: it is left to the ticker).
    const missed = [1, 2, 3, 4].map((offset) => ({
      ts: new Date(Date.parse('2031-01-10T12:35:00Z') + offset * minute),
      open: 65_000 + offset,
      high: 65_010 + offset,
      low: 64_990 + offset,
      close: 65_005 + offset,
      volume: offset,
    }));
    const inProgress = { ...missed.at(-1)!, ts: new Date('2031-01-10T12:40:00Z') };
    exchange.setCandles('BTC-USD', 60, [...exchangeMinutes, ...missed, inProgress]);
    clock = Date.parse('2031-01-10T12:40:30Z');
    exchange.now = new Date(clock);
    exchange.dropAll();
    await expect.poll(() => exchange.subscribes.length, { timeout: 5000 }).toBe(2);
    exchange.send(tickerMessage('BTC-USD', '65200.00', '2031-01-10T12:40:35.000000Z', '0.1'));
    await expect.poll(() => ticks.slice(before).some((tick) => tick.price === 65_200)).toBe(true);
    const after = ticks.slice(before).filter((tick) => tick.symbol === 'BTC');
    expect(after.map((tick) => [tick.ts, tick.price])).toEqual([
      ...missed.map((bar) => [bar.ts.toISOString(), bar.close]),
      ['2031-01-10T12:40:35.000Z', 65_200],
    ]);
    expect((await stored('BTC', '1m', new Date('2031-01-10T12:36:00Z'))).map((bar) => bar.close)).toEqual([...missed.map((bar) => bar.close), 65_200]);
    await expect.poll(() => closed.filter((message) => message.ts >= '2031-01-10T12:36' && message.ts < '2031-01-10T12:40').length).toBe(4);
  });

  it("replaces the minute that was being built from trades when the feed stopped or the connection dropped with the exchange's complete bar, without a tick going back in time", async () => {
    exchange = await FakeExchange.start();
    const bar = (iso: string, base: number, volume: number): Bar => ({
      ts: new Date(iso),
      open: base,
      high: base + 40,
      low: base - 30,
      close: base + 10,
      volume,
    });
    // The previous test stopped in the middle of 12:40 (one trade, 65,200 × 0.1): the exchange's 12:40 bar has the whole minute.
    const whole = Array.from({ length: 10 }, (_v, k) => bar(new Date(Date.parse('2031-01-10T12:40:00Z') + k * minute).toISOString(), 66_000 + k, 5 + k));
    exchange.setCandles('BTC-USD', 60, [...exchangeMinutes, ...whole]);
    exchange.setCandles('BTC-USD', 86_400, exchangeDays);
    clock = Date.parse('2031-01-10T12:50:20Z');
    exchange.now = new Date(clock);
    const changedBefore = changed.length;
    const running = startLive();
    await running.streaming;
    await expect.poll(() => exchange.subscribes.length).toBe(1);
    const row = (value: { ts: Date; open: number; high: number; low: number; close: number; volume: number }) => [
      value.ts.toISOString(),
      value.open,
      value.high,
      value.low,
      value.close,
      value.volume,
    ];
    expect((await stored('BTC', '1m', new Date('2031-01-10T12:40:00Z'))).map(row)).toEqual(whole.map(row));
    expect(changed.slice(changedBefore)).toContainEqual(expect.objectContaining({ symbol: 'BTC', from: '2031-01-10T12:40:00.000Z', reason: 'backfill' }));

    // A trade at 12:50:35, then the connection drops; the exchange goes on trading until we are back at 12:54:20.
    exchange.send(tickerMessage('BTC-USD', '67000.00', '2031-01-10T12:50:35.000000Z', '0.2'));
    await expect.poll(() => ticks.some((tick) => tick.ts === '2031-01-10T12:50:35.000Z')).toBe(true);
    const before = ticks.length;
    const changedAtDrop = changed.length;
    const later = [
      bar('2031-01-10T12:50:00Z', 66_900, 7),
      bar('2031-01-10T12:51:00Z', 67_010, 3),
      bar('2031-01-10T12:52:00Z', 67_020, 2),
      bar('2031-01-10T12:53:00Z', 67_030, 1),
    ];
    exchange.setCandles('BTC-USD', 60, [...exchangeMinutes, ...whole, ...later]);
    clock = Date.parse('2031-01-10T12:54:20Z');
    exchange.now = new Date(clock);
    exchange.dropAll();
    await expect.poll(() => exchange.subscribes.length, { timeout: 5000 }).toBe(2);
    await expect
      .poll(() => changed.slice(changedAtDrop).find((message) => message.reason === 'backfill'))
      .toMatchObject({ symbol: 'BTC', from: '2031-01-10T12:50:00.000Z' });
    expect((await stored('BTC', '1m', new Date('2031-01-10T12:50:00Z'))).map(row)).toEqual(later.map(row));
    // Ticks after the drop: the minutes missed after the one that was open, in order; none older than the last trade.
    await expect
      .poll(() =>
        ticks
          .slice(before)
          .filter((tick) => tick.symbol === 'BTC')
          .map((tick) => tick.ts),
      )
      .toEqual(['2031-01-10T12:51:00.000Z', '2031-01-10T12:52:00.000Z', '2031-01-10T12:53:00.000Z']);
  });
});

describe('stopping', () => {
  it('stops at once while the backfill is retrying an exchange that keeps failing (a graceful shutdown does not wait for the retries)', async () => {
    exchange = await FakeExchange.start();
    exchange.now = now;
    exchange.failNext(...Array.from({ length: 50 }, () => 503));
    // Retries starting at 2 s and doubling: the backfill alone would take minutes.
    clock = Date.parse('2031-01-11T00:00:00Z');
    const running = startLive({ retryMinMs: 2000 });
    await expect.poll(() => exchange.requests.length).toBeGreaterThanOrEqual(1);
    const started = Date.now();
    await running.stop();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(running.socket()).toBeNull();
    expect(exchange.subscribes).toHaveLength(0);
  });
});

describe('feed choice', () => {
  it('falls back to the offline feed quickly when the exchange is unreachable, and says so once', async () => {
    const lines: string[] = [];
    const capture = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
    const service = await startMarketTestService(
      {
        MARKET_SEED_DATA: 'true',
        EXCHANGE_FEED: 'auto',
        REPLAY_SPEED: '600',
        EXCHANGE_REST_URL: 'http://127.0.0.1:9',
        EXCHANGE_WS_URL: 'ws://127.0.0.1:9',
        EXCHANGE_PROBE_TIMEOUT_MS: '2000',
      },
      pino({ level: 'info' }, capture),
    );
    try {
      const started = Date.now();
      await expect.poll(() => lines.some((line) => line.includes('falling back to the offline feed')), { timeout: 3000 }).toBe(true);
      expect(Date.now() - started).toBeLessThan(3000);
      await expect.poll(async () => (await loadFeedState(service.service.db))?.clock ?? null, { timeout: 10_000 }).not.toBeNull();
      expect(lines.filter((line) => line.includes('falling back to the offline feed'))).toHaveLength(1);
      expect((await loadFeedState(service.service.db))?.mode).toBe('simulated');
    } finally {
      await service.close();
    }
  }, 120_000);
});
