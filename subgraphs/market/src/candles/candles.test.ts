import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from './candle.table.js';
import { writeCandleBatches } from '../import/import-candles.js';
import { aggregateBars, toBars, type ApiCandle } from '../test-support/aggregate-bars.js';
import { startMarketTestService, type MarketTestService } from '../test-support/market-test-service.js';
import { readShippedBars } from '../test-support/shared-data.js';

const candlesQuery = `query($symbol: String!, $interval: CandleInterval!, $from: DateTime, $to: DateTime, $maxPoints: Int) {
  candles(symbol: $symbol, interval: $interval, from: $from, to: $to, maxPoints: $maxPoints) { ts open high low close volume }
}`;

const hour = 3600_000;
const day = 24 * hour;

let market: MarketTestService;
let minutes: Bar[];
let days: Bar[];

/** Compares API candles with the reference aggregation: prices exactly, volume to 1e-9 relative. */
function expectSameCandles(actual: readonly ApiCandle[], expected: readonly Bar[]): void {
  const bars = toBars(actual);
  expect(bars.map((bar) => bar.ts.toISOString())).toEqual(expected.map((bar) => bar.ts.toISOString()));
  for (const [index, bar] of bars.entries()) {
    const reference = expected[index]!;
    expect([bar.open, bar.high, bar.low, bar.close]).toEqual([reference.open, reference.high, reference.low, reference.close]);
    expect(Math.abs(bar.volume - reference.volume)).toBeLessThanOrEqual(1e-9 * Math.max(1, reference.volume));
  }
}

async function candles(variables: Record<string, unknown>) {
  const result = await market.request<{ candles: ApiCandle[] }>(candlesQuery, { symbol: 'BTC', ...variables });
  return result;
}

beforeAll(async () => {
  market = await startMarketTestService();
  [minutes, days] = await Promise.all([readShippedBars('BTC', '1m'), readShippedBars('BTC', '1d')]);
  await writeCandleBatches(market.service.db, 'BTC', '1m', minutes);
  await writeCandleBatches(market.service.db, 'BTC', '1d', days);
});

afterAll(async () => {
  await market?.close();
});

describe('candles aggregation on the real BTC data', () => {
  const from = Date.parse('2023-12-01T00:00:00Z');
  const to = Date.parse('2023-12-04T00:00:00Z');

  it('rolls minutes up into H1 with first open, max high, min low, last close, summed volume', async () => {
    const result = await candles({ interval: 'H1', from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    expect(result.errors).toBeUndefined();
    expect(result.data!.candles).toHaveLength(72);
    expectSameCandles(result.data!.candles, aggregateBars(minutes, from, to, hour));
  });

  it('rolls minutes up into M15 and keeps M1 as stored', async () => {
    const m15 = await candles({ interval: 'M15', from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    expectSameCandles(m15.data!.candles, aggregateBars(minutes, from, to, 15 * 60_000));
    const m1 = await candles({ interval: 'M1', from: new Date(from).toISOString(), to: new Date(from + 6 * hour).toISOString() });
    expectSameCandles(
      m1.data!.candles,
      minutes.filter((bar) => bar.ts.getTime() >= from && bar.ts.getTime() < from + 6 * hour),
    );
  });

  it('aligns buckets of a range off bucket boundaries to UTC intervals, aggregating only bars in [from, to)', async () => {
    const result = await candles({ interval: 'H4', from: '2023-12-01T05:17:00Z', to: '2023-12-02T09:01:00Z' });
    const list = result.data!.candles;
    expect(list[0]!.ts).toBe('2023-12-01T04:00:00.000Z');
    expect(list.at(-1)!.ts).toBe('2023-12-02T08:00:00.000Z');
    expectSameCandles(
      list,
      aggregateBars(minutes, Date.parse('2023-12-01T05:17:00Z'), Date.parse('2023-12-02T09:01:00Z'), 4 * hour, Date.parse('2023-12-01T04:00:00Z')),
    );
    // The first candle opens at 05:17 and the last closes at 09:00, inside the range.
    expect(list[0]!.open).toBe(minutes.find((bar) => bar.ts.toISOString() === '2023-12-01T05:17:00.000Z')!.open);
    expect(list.at(-1)!.close).toBe(minutes.find((bar) => bar.ts.toISOString() === '2023-12-02T09:00:00.000Z')!.close);
  });

  it('serves D1 from the daily file, not from minutes', async () => {
    const result = await candles({ interval: 'D1', from: '2021-01-01T00:00:00Z', to: '2022-01-01T00:00:00Z' });
    expect(result.data!.candles).toHaveLength(365);
    expectSameCandles(result.data!.candles, aggregateBars(days, Date.parse('2021-01-01T00:00:00Z'), Date.parse('2022-01-01T00:00:00Z'), day));
  });

  it('downsamples a year of D1 to at most maxPoints with exact OHLC, the last bucket cut at `to`', async () => {
    const result = await candles({ interval: 'D1', from: '2021-01-01T00:00:00Z', to: '2022-01-01T00:00:00Z', maxPoints: 100 });
    const list = result.data!.candles;
    expect(list.length).toBeLessThanOrEqual(100);
    expect(list.length).toBeGreaterThan(80);
    // 365 days in buckets of 4 days: 92 buckets, the last one holding only 2021-12-31.
    expectSameCandles(list, aggregateBars(days, Date.parse('2021-01-01T00:00:00Z'), Date.parse('2022-01-01T00:00:00Z'), 4 * day));
    expect(list.at(-1)!.close).toBe(days.find((bar) => bar.ts.toISOString() === '2021-12-31T00:00:00.000Z')!.close);
  });

  it('never returns data from after `to` when downsampling (2021-01-01..2021-12-31, maxPoints 50)', async () => {
    const result = await candles({ interval: 'D1', from: '2021-01-01T00:00:00Z', to: '2021-12-31T00:00:00Z', maxPoints: 50 });
    const list = result.data!.candles;
    expect(list.length).toBeLessThanOrEqual(50);
    const inRange = days.filter((bar) => bar.ts >= new Date('2021-01-01T00:00:00Z') && bar.ts < new Date('2021-12-31T00:00:00Z'));
    expect(list.at(-1)!.close).toBe(inRange.at(-1)!.close);
    expect(Math.max(...list.map((candle) => candle.high))).toBe(Math.max(...inRange.map((bar) => bar.high)));
    expect(Math.min(...list.map((candle) => candle.low))).toBe(Math.min(...inRange.map((bar) => bar.low)));
    expect(list.reduce((sum, candle) => sum + candle.volume, 0)).toBeCloseTo(
      inRange.reduce((sum, bar) => sum + bar.volume, 0),
      -3,
    );
  });

  it('downsamples a month of M1 to at most maxPoints with exact OHLC', async () => {
    const monthFrom = Date.parse('2023-11-27T00:00:00Z');
    const monthTo = Date.parse('2023-12-30T00:00:00Z');
    const result = await candles({ interval: 'M1', from: new Date(monthFrom).toISOString(), to: new Date(monthTo).toISOString(), maxPoints: 100 });
    const list = result.data!.candles;
    expect(list.length).toBeLessThanOrEqual(100);
    const width = Math.ceil((monthTo - monthFrom) / 60_000 / 100) * 60_000;
    expectSameCandles(list, aggregateBars(minutes, monthFrom, monthTo, width));
    expect(list[0]!.open).toBe(minutes[0]!.open);
    expect(list.at(-1)!.close).toBe(minutes.at(-1)!.close);
    expect(Math.max(...list.map((candle) => candle.high))).toBe(Math.max(...minutes.map((bar) => bar.high)));
  });

  it('returns the last 1000 intervals up to the latest stored bar when no range is given', async () => {
    const result = await candles({ interval: 'M1' });
    const list = result.data!.candles;
    expect(list.at(-1)!.ts).toBe(minutes.at(-1)!.ts.toISOString());
    expect(list.length).toBeLessThanOrEqual(1000);
    expect(Date.parse(list[0]!.ts)).toBeGreaterThanOrEqual(minutes.at(-1)!.ts.getTime() - 999 * 60_000);
  });

  it('returns an empty list for a range without native data', async () => {
    const intraday = await candles({ interval: 'H1', from: '2020-01-01T00:00:00Z', to: '2020-01-05T00:00:00Z' });
    expect(intraday.data!.candles).toEqual([]);
    const daily = await market.request(candlesQuery, { symbol: 'ETH', interval: 'D1', from: '2021-01-01T00:00:00Z', to: '2021-02-01T00:00:00Z' });
    expect(daily.data!.candles).toEqual([]);
  });

  it('serves Asset.candles with the same rules', async () => {
    const result = await market.request(
      `{ asset(symbol: "btc") { symbol candles(interval: D1, from: "2021-01-01T00:00:00Z", to: "2021-01-08T00:00:00Z") { ts close } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.asset.candles.map((candle: ApiCandle) => candle.close)).toEqual(
      days.filter((bar) => bar.ts >= new Date('2021-01-01') && bar.ts < new Date('2021-01-08')).map((bar) => bar.close),
    );
  });
});

describe('candles bad input', () => {
  const cases: [string, Record<string, unknown>, string, string | undefined][] = [
    ['unknown symbol', { symbol: 'NOPE', interval: 'H1' }, 'NOT_FOUND', undefined],
    ['malformed symbol', { symbol: 'B T C', interval: 'H1' }, 'BAD_USER_INPUT', 'symbol'],
    ['inverted range', { interval: 'H1', from: '2023-12-02T00:00:00Z', to: '2023-12-01T00:00:00Z' }, 'BAD_USER_INPUT', 'to'],
    ['empty range', { interval: 'H1', from: '2023-12-02T00:00:00Z', to: '2023-12-02T00:00:00Z' }, 'BAD_USER_INPUT', 'to'],
    ['range before 2009', { interval: 'D1', from: '1999-01-01T00:00:00Z', to: '2000-01-01T00:00:00Z' }, 'BAD_USER_INPUT', 'from'],
    ['range far in the future', { interval: 'D1', from: '2023-01-01T00:00:00Z', to: '2999-01-01T00:00:00Z' }, 'BAD_USER_INPUT', 'to'],
    ['too many candles without maxPoints', { interval: 'M1', from: '2023-01-01T00:00:00Z', to: '2023-12-01T00:00:00Z' }, 'BAD_USER_INPUT', 'from'],
    ['maxPoints 0', { interval: 'H1', maxPoints: 0 }, 'BAD_USER_INPUT', 'maxPoints'],
    ['negative maxPoints', { interval: 'H1', maxPoints: -5 }, 'BAD_USER_INPUT', 'maxPoints'],
    ['huge maxPoints', { interval: 'H1', maxPoints: 10_001 }, 'BAD_USER_INPUT', 'maxPoints'],
  ];
  it.each(cases)('%s', async (_name, variables, code, field) => {
    const result = await candles(variables);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    if (field) expect(result.errors?.[0]?.extensions?.field).toBe(field);
  });

  it('rejects an interval that is not a CandleInterval and a malformed DateTime as BAD_USER_INPUT', async () => {
    const interval = await candles({ interval: 'M2' });
    expect(interval.errors?.[0]).toMatchObject({ message: expect.stringMatching(/CandleInterval/), extensions: { code: 'BAD_USER_INPUT', field: 'interval' } });
    const time = await candles({ interval: 'H1', from: 'yesterday' });
    expect(time.errors?.[0]).toMatchObject({ message: expect.stringMatching(/DateTime/), extensions: { code: 'BAD_USER_INPUT', field: 'from' } });
  });

  it('answers a malformed or impossible from/to (variables or inline) with BAD_USER_INPUT naming the argument', async () => {
    for (const [field, value] of [
      ['from', '2024-13-45'],
      ['to', '2024-13-45'],
      ['from', '2023-02-30T00:00:00Z'],
      ['to', ''],
    ] as const) {
      const viaVariables = await candles({ interval: 'D1', [field]: value });
      expect(viaVariables.errors?.[0], `${field}=${value}`).toMatchObject({
        message: expect.stringContaining(`"${field}"`),
        extensions: { code: 'BAD_USER_INPUT', field },
      });
      const inline = await market.request(`{ candles(symbol: "BTC", interval: D1, ${field}: "${value}") { ts } }`);
      expect(inline.errors?.[0], `inline ${field}=${value}`).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
      expect(inline.data ?? null).toBeNull();
    }
  });
});
