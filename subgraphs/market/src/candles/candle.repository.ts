import { sql } from 'kysely';
import { marketSchema, type MarketDb } from '../db/market-database.js';
import type { NativeInterval } from './candle-interval.js';
import type { Bar } from './candle.table.js';

// Raw SQL is not rewritten by `withSchema`, so it names the market tables in full.
const candles = sql.table(`${marketSchema}.candles`);
const assets = sql.table(`${marketSchema}.assets`);

/** How an upsert treats a bar that is already stored. */
export type UpsertMode =
  /** The new bar replaces the stored one (imports, replay). */
  | 'replace'
  /** The new bar is merged into the stored one: higher high, lower low, new close, volumes added (live trades). */
  | 'merge';

/** What an upsert did. */
export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Upserts bars of one symbol and native interval in one statement (the rows travel as one JSON
 * parameter, which works the same on node-postgres and PGlite and avoids the parameter limit).
 * A bar equal to the stored one is left untouched, so re-imports change nothing.
 */
export async function upsertCandles(db: MarketDb, symbol: string, interval: NativeInterval, bars: readonly Bar[], mode: UpsertMode = 'replace'): Promise<UpsertCounts> {
  if (bars.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const rows = JSON.stringify(bars.map((bar) => [bar.ts.toISOString(), bar.open, bar.high, bar.low, bar.close, bar.volume]));
  const onConflict =
    mode === 'replace'
      ? sql`do update set open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume
          where (c.open, c.high, c.low, c.close, c.volume) is distinct from (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume)`
      : sql`do update set high = greatest(c.high, excluded.high), low = least(c.low, excluded.low), close = excluded.close, volume = c.volume + excluded.volume`;
  const result = await sql<{ inserted: number; updated: number }>`
    with input as (
      select (r->>0)::timestamptz as ts, (r->>1)::float8 as open, (r->>2)::float8 as high, (r->>3)::float8 as low, (r->>4)::float8 as close, (r->>5)::float8 as volume
      from json_array_elements(${rows}::json) as r
    ), written as (
      insert into ${candles} as c (symbol, interval, ts, open, high, low, close, volume)
      select ${symbol}::text, ${interval}::text, ts, open, high, low, close, volume from input
      on conflict (symbol, interval, ts) ${onConflict}
      returning (xmax::text = '0') as inserted
    )
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from written
  `.execute(db);
  const { inserted, updated } = result.rows[0] ?? { inserted: 0, updated: 0 };
  return { inserted: Number(inserted), updated: Number(updated), unchanged: bars.length - Number(inserted) - Number(updated) };
}

/** What to aggregate: one symbol's native bars in [from, to) into buckets of `bucketSeconds` starting at `from`. */
export interface AggregateRequest {
  readonly symbol: string;
  readonly native: NativeInterval;
  readonly bucketSeconds: number;
  readonly from: Date;
  readonly to: Date;
}

/**
 * Aggregates native bars into UTC buckets starting at `from` with `date_bin`: first open,
 * max high, min low, last close, summed volume. First/last use `min`/`max` over `[epoch, price]`
 * arrays, a streaming aggregate that needs no per-bucket sort (ts is unique within a bucket).
 */
export async function aggregateCandles(db: MarketDb, request: AggregateRequest): Promise<Bar[]> {
  const result = await sql<{ ts: Date | string; open: number; high: number; low: number; close: number; volume: number }>`
    select date_bin(make_interval(secs => ${request.bucketSeconds}), ts, ${request.from.toISOString()}::timestamptz) as ts,
      (min(array[extract(epoch from ts)::float8, open]))[2] as open,
      max(high) as high,
      min(low) as low,
      (max(array[extract(epoch from ts)::float8, close]))[2] as close,
      sum(volume) as volume
    from ${candles}
    where symbol = ${request.symbol} and interval = ${request.native} and ts >= ${request.from.toISOString()}::timestamptz and ts < ${request.to.toISOString()}::timestamptz
    group by 1
    order by 1
  `.execute(db);
  return result.rows.map((row) => ({ ts: new Date(row.ts), open: Number(row.open), high: Number(row.high), low: Number(row.low), close: Number(row.close), volume: Number(row.volume) }));
}

/** Start of the latest stored native bar of a symbol, or null when there is none (an index-only lookup). */
export async function latestCandleTs(db: MarketDb, symbol: string, interval: NativeInterval): Promise<Date | null> {
  const row = await db.selectFrom('candles').select('ts').where('symbol', '=', symbol).where('interval', '=', interval).orderBy('ts', 'desc').limit(1).executeTakeFirst();
  return row ? new Date(row.ts) : null;
}

/**
 * The last stored close of every asset, from its minute bars (the live feed's resolution) or, for
 * assets without any, from its daily bars: warms the price cache.
 */
export async function latestCloses(db: MarketDb): Promise<{ symbol: string; ts: Date; close: number }[]> {
  const result = await sql<{ symbol: string; ts: Date | string; close: number }>`
    select a.symbol, last.ts, last.close
    from ${assets} a
    cross join lateral (
      select ts, close from (
        (select 0 as rank, ts, close from ${candles} where symbol = a.symbol and interval = '1m' order by ts desc limit 1)
        union all
        (select 1 as rank, ts, close from ${candles} where symbol = a.symbol and interval = '1d' order by ts desc limit 1)
      ) as candidates
      order by rank limit 1
    ) as last
  `.execute(db);
  return result.rows.map((row) => ({ symbol: row.symbol, ts: new Date(row.ts), close: Number(row.close) }));
}

/** Number of stored bars of a symbol and interval (tests, CLI reports). */
export async function countCandles(db: MarketDb, symbol: string, interval: NativeInterval): Promise<number> {
  const row = await db.selectFrom('candles').select((eb) => eb.fn.countAll<number>().as('count')).where('symbol', '=', symbol).where('interval', '=', interval).executeTakeFirstOrThrow();
  return Number(row.count);
}
