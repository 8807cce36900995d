import { sql } from 'kysely';
import { marketSchema, type MarketDb } from '../db/market-database.js';
import { nativeSeconds, type NativeInterval } from './candle-interval.js';
import type { AggregatedBar, Bar } from './candle.table.js';

// Raw SQL is not rewritten by `withSchema`, so it names the market tables in full.
const candles = sql.table(`${marketSchema}.candles`);
const assets = sql.table(`${marketSchema}.assets`);

/** How an upsert treats a bar that is already stored. */
export type UpsertMode =
  /** The new (real) bar replaces the stored one, real or simulated (imports, backfills, replay, live bars). */
  | 'replace'
  /** The new bar is merged into the stored one: higher high, lower low, new close, volumes added (live trades). */
  | 'merge';

/** What an upsert did. */
export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const asJsonRows = (rows: readonly { symbol: string; bar: Bar }[]) =>
  JSON.stringify(rows.map(({ symbol, bar }) => [symbol, bar.ts.toISOString(), bar.open, bar.high, bar.low, bar.close, bar.volume]));

const inputRows = (json: string) => sql`
  select r->>0 as symbol, (r->>1)::timestamptz as ts, (r->>2)::float8 as open, (r->>3)::float8 as high, (r->>4)::float8 as low, (r->>5)::float8 as close, (r->>6)::float8 as volume
  from json_array_elements(${json}::json) as r`;

/**
 * Upserts real bars of one symbol and native interval in one statement (the rows travel as one
 * JSON parameter, which works the same on node-postgres and PGlite and avoids the parameter
 * limit). A stored simulated bar is always replaced (real data wins); a real bar equal to the
 * stored one is left untouched, so re-imports change nothing.
 */
export async function upsertCandles(
  db: MarketDb,
  symbol: string,
  interval: NativeInterval,
  bars: readonly Bar[],
  mode: UpsertMode = 'replace',
): Promise<UpsertCounts> {
  if (bars.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const json = asJsonRows(bars.map((bar) => ({ symbol, bar })));
  const onConflict =
    mode === 'replace'
      ? sql`do update set open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume, simulated = false
          where c.simulated or (c.open, c.high, c.low, c.close, c.volume) is distinct from (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume)`
      : sql`do update set open = case when c.simulated then excluded.open else c.open end,
          high = case when c.simulated then excluded.high else greatest(c.high, excluded.high) end,
          low = case when c.simulated then excluded.low else least(c.low, excluded.low) end,
          close = excluded.close, volume = case when c.simulated then excluded.volume else c.volume + excluded.volume end, simulated = false`;
  const result = await sql<{ inserted: number; updated: number }>`
    with input as (${inputRows(json)}), written as (
      insert into ${candles} as c (symbol, interval, ts, open, high, low, close, volume, simulated)
      select symbol, ${interval}::text, ts, open, high, low, close, volume, false from input
      on conflict (symbol, interval, ts) ${onConflict}
      returning (xmax::text = '0') as inserted
    )
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from written
  `.execute(db);
  const { inserted, updated } = result.rows[0] ?? { inserted: 0, updated: 0 };
  return { inserted: Number(inserted), updated: Number(updated), unchanged: bars.length - Number(inserted) - Number(updated) };
}

/**
 * Stores simulated minute bars of any symbols in one statement (so a feed step is written whole or
 * not at all). A bar never replaces a stored one, real or simulated: returns the rows written.
 */
export async function insertSimulatedMinutes(db: MarketDb, rows: readonly { symbol: string; bar: Bar }[]): Promise<{ symbol: string; ts: Date }[]> {
  if (rows.length === 0) return [];
  const result = await sql<{ symbol: string; ts: Date | string }>`
    with input as (${inputRows(asJsonRows(rows))})
    insert into ${candles} (symbol, interval, ts, open, high, low, close, volume, simulated)
    select symbol, '1m', ts, open, high, low, close, volume, true from input
    on conflict (symbol, interval, ts) do nothing
    returning symbol, ts
  `.execute(db);
  return result.rows.map((row) => ({ symbol: row.symbol, ts: new Date(row.ts) }));
}

/**
 * Deletes a symbol's simulated bars (any interval) starting in [from, to) (`to` null: to the end); returns the range
 * they covered, or null when there were none.
 */
export async function deleteSimulatedBars(db: MarketDb, symbol: string, from: Date, to: Date | null): Promise<{ from: Date; to: Date; count: number } | null> {
  const result = await sql<{ first: Date | string | null; last: Date | string | null; count: number }>`
    with deleted as (
      delete from ${candles} where symbol = ${symbol} and simulated and ts >= ${from.toISOString()}::timestamptz
        and (${to?.toISOString() ?? null}::timestamptz is null or ts < ${to?.toISOString() ?? null}::timestamptz)
      returning ts
    )
    select min(ts) as first, max(ts) as last, count(*)::int as count from deleted
  `.execute(db);
  const row = result.rows[0];
  if (!row || !row.first || !row.last || Number(row.count) === 0) return null;
  return { from: new Date(row.first), to: new Date(new Date(row.last).getTime() + 60_000), count: Number(row.count) };
}

/** What to aggregate: one symbol's native bars in [from, to) into buckets of `bucketSeconds` starting at `origin`. */
export interface AggregateRequest {
  readonly symbol: string;
  readonly native: NativeInterval;
  readonly bucketSeconds: number;
  /** Start of the first bucket (at or before `from`). */
  readonly origin: Date;
  readonly from: Date;
  readonly to: Date;
}

/**
 * Aggregates native bars in [from, to) into UTC buckets starting at `origin` with `date_bin`: first
 * open, max high, min low, last close, summed volume, simulated when any bar is. First/last use
 * `min`/`max` over `[epoch, price]` arrays, a streaming aggregate that needs no per-bucket sort.
 * Daily candles come from the stored daily bars up to the newest one, and after it from the minute
 * bars rolled up into UTC days (the simulated and live windows have minute bars only).
 */
export async function aggregateCandles(db: MarketDb, request: AggregateRequest): Promise<AggregatedBar[]> {
  const from = request.from.toISOString();
  const to = request.to.toISOString();
  const nativeBars =
    request.native === '1m'
      ? sql`select ts, open, high, low, close, volume, simulated from ${candles}
          where symbol = ${request.symbol} and interval = '1m' and ts >= ${from}::timestamptz and ts < ${to}::timestamptz`
      : sql`select ts, open, high, low, close, volume, simulated from ${candles}
          where symbol = ${request.symbol} and interval = '1d' and ts >= ${from}::timestamptz and ts < ${to}::timestamptz
        union all
        select date_bin('1 day', ts, timestamptz 'epoch') as ts,
          (min(array[extract(epoch from ts)::float8, open]))[2], max(high), min(low),
          (max(array[extract(epoch from ts)::float8, close]))[2], sum(volume), bool_or(simulated)
        from ${candles}
        where symbol = ${request.symbol} and interval = '1m' and ts < ${to}::timestamptz
          and ts >= greatest(${from}::timestamptz, coalesce((select max(ts) + interval '1 day' from ${candles} where symbol = ${request.symbol} and interval = '1d'), '-infinity'::timestamptz))
        group by 1`;
  const result = await sql<{ ts: Date | string; open: number; high: number; low: number; close: number; volume: number; simulated: boolean }>`
    with bars as (${nativeBars})
    select date_bin(make_interval(secs => ${request.bucketSeconds}), ts, ${request.origin.toISOString()}::timestamptz) as ts,
      (min(array[extract(epoch from ts)::float8, open]))[2] as open,
      max(high) as high,
      min(low) as low,
      (max(array[extract(epoch from ts)::float8, close]))[2] as close,
      sum(volume) as volume,
      bool_or(simulated) as simulated
    from bars
    group by 1
    order by 1
  `.execute(db);
  return result.rows.map((row) => ({
    ts: new Date(row.ts),
    open: Number(row.open),
    high: Number(row.high),
    low: Number(row.low),
    close: Number(row.close),
    volume: Number(row.volume),
    simulated: Boolean(row.simulated),
  }));
}

/** Start of the latest stored native bar of a symbol, or null when there is none (an index-only lookup). */
export async function latestCandleTs(db: MarketDb, symbol: string, interval: NativeInterval): Promise<Date | null> {
  const row = await db
    .selectFrom('candles')
    .select('ts')
    .where('symbol', '=', symbol)
    .where('interval', '=', interval)
    .orderBy('ts', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.ts) : null;
}

/** A symbol's newest stored bar: when it ends (start plus its interval), its close and whether it was simulated. */
export interface NewestBar {
  readonly symbol: string;
  readonly ts: Date;
  readonly end: Date;
  readonly close: number;
  readonly simulated: boolean;
}

/**
 * The newest stored bar of each asset, daily or minute, whichever ends later (`realOnly`: among
 * real bars only). This is where the timeline of an asset ends: its last close warms the price
 * cache and the simulation continues from it.
 */
export async function newestBars(db: MarketDb, options: { realOnly?: boolean; symbols?: readonly string[] } = {}): Promise<NewestBar[]> {
  const realOnly = options.realOnly ?? false;
  const symbols = options.symbols ? JSON.stringify(options.symbols) : null;
  const result = await sql<{ symbol: string; ts: Date | string; interval: NativeInterval; close: number; simulated: boolean }>`
    select a.symbol, last.ts, last.interval, last.close, last.simulated
    from ${assets} a
    cross join lateral (
      select ts, interval, close, simulated, ts + case when interval = '1d' then interval '1 day' else interval '1 minute' end as ends from (
        (select ts, interval, close, simulated from ${candles} where symbol = a.symbol and interval = '1m' and (not ${realOnly} or not simulated) order by ts desc limit 1)
        union all
        (select ts, interval, close, simulated from ${candles} where symbol = a.symbol and interval = '1d' and (not ${realOnly} or not simulated) order by ts desc limit 1)
      ) as candidates
      order by ends desc limit 1
    ) as last
    where ${symbols}::json is null or a.symbol in (select json_array_elements_text(${symbols}::json))
  `.execute(db);
  return result.rows.map((row) => {
    const ts = new Date(row.ts);
    return {
      symbol: row.symbol,
      ts,
      end: new Date(ts.getTime() + nativeSeconds[row.interval] * 1000),
      close: Number(row.close),
      simulated: Boolean(row.simulated),
    };
  });
}

/** Real minute bars of the given symbols starting in [from, to), oldest first (what the feed replays when real data lies ahead of its clock). */
export async function realMinuteBars(db: MarketDb, symbols: readonly string[], from: Date, to: Date): Promise<{ symbol: string; bar: Bar }[]> {
  if (symbols.length === 0) return [];
  const rows = await db
    .selectFrom('candles')
    .select(['symbol', 'ts', 'open', 'high', 'low', 'close', 'volume'])
    .where('symbol', 'in', symbols)
    .where('interval', '=', '1m')
    .where('simulated', '=', false)
    .where('ts', '>=', from)
    .where('ts', '<', to)
    .orderBy('ts')
    .orderBy('symbol')
    .execute();
  return rows.map((row) => ({
    symbol: row.symbol,
    bar: { ts: new Date(row.ts), open: row.open, high: row.high, low: row.low, close: row.close, volume: row.volume },
  }));
}

/** Number of stored bars of a symbol and interval (tests, CLI reports). */
export async function countCandles(db: MarketDb, symbol: string, interval: NativeInterval): Promise<number> {
  const row = await db
    .selectFrom('candles')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('symbol', '=', symbol)
    .where('interval', '=', interval)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A symbol's newest `limit` real daily bars, oldest first (the simulation's volatility scale). */
export function recentRealDailyBars(db: MarketDb, symbol: string, limit: number): Promise<Bar[]> {
  return recentRealBars(db, symbol, '1d', limit);
}

/** A symbol's newest `limit` real bars of `interval`, oldest first. */
async function recentRealBars(db: MarketDb, symbol: string, interval: '1d' | '1m', limit: number): Promise<Bar[]> {
  const rows = await db
    .selectFrom('candles')
    .select(['ts', 'open', 'high', 'low', 'close', 'volume'])
    .where('symbol', '=', symbol)
    .where('interval', '=', interval)
    .where('simulated', '=', false)
    .orderBy('ts', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((row) => ({ ts: new Date(row.ts), open: row.open, high: row.high, low: row.low, close: row.close, volume: row.volume }));
}

/** End of the newest simulated minute bar of any asset (where a stopped simulation resumes), or null. */
export async function newestSimulatedEnd(db: MarketDb): Promise<Date | null> {
  const row = await db
    .selectFrom('candles')
    .select((eb) => eb.fn.max('ts').as('ts'))
    .where('interval', '=', '1m')
    .where('simulated', '=', true)
    .executeTakeFirst();
  return row?.ts ? new Date(new Date(row.ts).getTime() + 60_000) : null;
}

/** A symbol's newest `limit` real minute bars, oldest first (what the simulated market bootstraps from). */
export function recentRealMinuteBars(db: MarketDb, symbol: string, limit: number): Promise<Bar[]> {
  return recentRealBars(db, symbol, '1m', limit);
}
