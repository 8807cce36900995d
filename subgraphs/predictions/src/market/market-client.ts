import { AppError, ErrorCode, identityHeader, internalKey, signIdentity, type Identity } from '@cryptograph/core';
import { request } from 'undici';
import { intervalMs, type Bar, type Interval } from '../forecasting/bar.js';

/** Answers whether the market subgraph tracks an asset. */
export type AssetExists = (symbol: string, asIdentity: Identity) => Promise<boolean>;

/** Reads candles of [from, to) from the market subgraph, oldest first. */
export type FetchCandles = (symbol: string, interval: Interval, from: Date, to: Date) => Promise<Bar[]>;

/** Start of the newest stored candle of an asset at an interval, or null when there is none. */
export type LatestCandleStart = (symbol: string, interval: Interval) => Promise<Date | null>;

/** Symbols of the assets the market tracks (active), in symbol order. */
export type ActiveSymbols = () => Promise<string[]>;

/** The market subgraph as the predictions subgraph uses it. */
export interface MarketClient {
  readonly assetExists: AssetExists;
  readonly fetchCandles: FetchCandles;
  readonly latestCandleStart: LatestCandleStart;
  readonly activeSymbols: ActiveSymbols;
  /** Market requests made so far (what tests of request counts read). */
  requests(): number;
}

/** Identity the predictions service reads market data with: a signed-in viewer, never a real user. */
export const serviceIdentity: Identity = Object.freeze({
  userId: '00000000-0000-4000-8000-000000000000',
  role: 'VIEWER',
  scopes: null,
  clientAddress: '127.0.0.1',
});

/** Most intervals one `candles` request may span without `maxPoints` (the market's limit). */
const maxIntervalsPerRequest = 10_000;

const candlesQuery = `query Candles($symbol: String!, $interval: CandleInterval!, $from: DateTime!, $to: DateTime!) {
  candles(symbol: $symbol, interval: $interval, from: $from, to: $to) { ts open high low close }
}`;

const coverageQuery = `query Coverage($symbol: String!, $interval: CandleInterval!, $from: DateTime!, $to: DateTime!, $points: Int!) {
  candles(symbol: $symbol, interval: $interval, from: $from, to: $to, maxPoints: $points) { ts }
}`;

/** One page of the market's `assets` query. */
interface AssetsPage {
  readonly assets: { edges: { node: { symbol: string; active: boolean } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const assetsQuery = `query Assets($after: String) { assets(first: 100, after: $after) { edges { node { symbol active } } pageInfo { hasNextPage endCursor } } }`;

/**
 * The windows of at most `maxIntervalsPerRequest` bars that cover the buckets holding data, from a
 * downsampled view of [from, to) (buckets of `bucketMs` starting at the returned times): one window
 * per stretch of data, so a long range with a little data at its end costs one request, not one per
 * empty stretch.
 */
export function windowsWithData(bucketStarts: readonly number[], bucketMs: number, stepMs: number, from: number, to: number): { from: number; to: number }[] {
  const span = maxIntervalsPerRequest * stepMs;
  const windows: { from: number; to: number }[] = [];
  for (const start of bucketStarts) {
    const bucketFrom = Math.max(from, start);
    const bucketTo = Math.min(to, start + bucketMs);
    const last = windows.at(-1);
    if (last && bucketTo - last.from <= span) last.to = Math.max(last.to, bucketTo);
    else for (let cursor = bucketFrom; cursor < bucketTo; cursor += span) windows.push({ from: cursor, to: Math.min(bucketTo, cursor + span) });
  }
  return windows;
}

/**
 * Calls the market subgraph directly (with an identity signed like the gateway does), so predictions
 * never keeps its own copy of assets or candles. A candle range is read in one request when it
 * spans at most 10,000 bars, else with one downsampled request to find the data and one request
 * per stretch of data. Market errors with a public code keep it
 * (NOT_FOUND for an unknown asset); anything else is DOWNSTREAM_SERVICE_ERROR.
 */
export function createMarketClient(marketUrl: string, internalSecret: string): MarketClient {
  const key = internalKey(internalSecret);
  let requests = 0;
  const call = async <T>(query: string, variables: Record<string, unknown>, asIdentity: Identity): Promise<T> => {
    requests += 1;
    let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      const response = await request(marketUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [identityHeader]: await signIdentity(asIdentity, key, 'market') },
        body: JSON.stringify({ query, variables }),
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      body = (await response.body.json()) as typeof body;
    } catch (cause) {
      throw new AppError(ErrorCode.DOWNSTREAM_SERVICE_ERROR, 'The market service is unavailable.', { cause: String(cause) });
    }
    const error = body.errors?.[0];
    if (error) {
      const code = error.extensions?.code;
      if (code === ErrorCode.NOT_FOUND || code === ErrorCode.BAD_USER_INPUT) throw new AppError(code, error.message);
      throw new AppError(ErrorCode.DOWNSTREAM_SERVICE_ERROR, `The market service failed: ${error.message}`);
    }
    return body.data as T;
  };
  return {
    assetExists: async (symbol, asIdentity) => {
      const data = await call<{ asset: { active: boolean } | null }>(
        'query AssetExists($symbol: String!) { asset(symbol: $symbol) { symbol active } }',
        { symbol },
        asIdentity,
      );
      return data.asset?.active === true;
    },
    requests: () => requests,
    activeSymbols: async () => {
      const symbols: string[] = [];
      let after: string | null = null;
      for (;;) {
        const data: AssetsPage = await call<AssetsPage>(assetsQuery, { after }, serviceIdentity);
        for (const edge of data.assets.edges) if (edge.node.active) symbols.push(edge.node.symbol);
        if (!data.assets.pageInfo.hasNextPage || !data.assets.pageInfo.endCursor) return symbols;
        after = data.assets.pageInfo.endCursor;
      }
    },
    fetchCandles: async (symbol, interval, from, to) => {
      const bars: Bar[] = [];
      const stepMs = intervalMs[interval];
      // The market's buckets: whole intervals from `from` rounded down to `to` rounded up.
      const origin = Math.floor(from.getTime() / stepMs) * stepMs;
      const end = Math.ceil(to.getTime() / stepMs) * stepMs;
      let windows = [{ from: origin, to: end }];
      if (end - origin > maxIntervalsPerRequest * stepMs) {
        // Longer than one request may span: find where the data is first (one downsampled request).
        const data = await call<{ candles: { ts: string }[] }>(
          coverageQuery,
          { symbol, interval, from: new Date(origin).toISOString(), to: new Date(end).toISOString(), points: maxIntervalsPerRequest },
          serviceIdentity,
        );
        const bucketMs = Math.ceil((end - origin) / stepMs / maxIntervalsPerRequest) * stepMs;
        windows = windowsWithData(
          data.candles.map((candle) => Date.parse(candle.ts)),
          bucketMs,
          stepMs,
          origin,
          end,
        );
      }
      for (const window of windows) {
        const data = await call<{ candles: { ts: string; open: number; high: number; low: number; close: number }[] }>(
          candlesQuery,
          { symbol, interval, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
          serviceIdentity,
        );
        for (const candle of data.candles) {
          const ts = Date.parse(candle.ts);
          // Keep only bars that start inside the window and inside [from, to).
          if (ts >= window.from && ts < window.to && ts >= from.getTime() && ts < to.getTime())
            bars.push({ ts, open: candle.open, high: candle.high, low: candle.low, close: candle.close });
        }
      }
      return bars;
    },
    latestCandleStart: async (symbol, interval) => {
      const data = await call<{ candles: { ts: string }[] }>(
        'query Latest($symbol: String!, $interval: CandleInterval!) { candles(symbol: $symbol, interval: $interval, maxPoints: 1000) { ts } }',
        { symbol, interval },
        serviceIdentity,
      );
      const last = data.candles.at(-1);
      return last ? new Date(last.ts) : null;
    },
  };
}
