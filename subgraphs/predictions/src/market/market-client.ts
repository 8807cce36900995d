import { AppError, ErrorCode, identityHeader, internalKey, signIdentity, type Identity } from '@cryptograph/core';
import { request } from 'undici';
import { intervalMs, type Bar, type Interval } from '../forecasting/bar.js';

/** Answers whether the market subgraph tracks an asset. */
export type AssetExists = (symbol: string, asIdentity: Identity) => Promise<boolean>;

/** Reads candles of [from, to) from the market subgraph, oldest first. */
export type FetchCandles = (symbol: string, interval: Interval, from: Date, to: Date) => Promise<Bar[]>;

/** Start of the newest stored candle of an asset at an interval, or null when there is none. */
export type LatestCandleStart = (symbol: string, interval: Interval) => Promise<Date | null>;

/** The market subgraph as the predictions subgraph uses it. */
export interface MarketClient {
  readonly assetExists: AssetExists;
  readonly fetchCandles: FetchCandles;
  readonly latestCandleStart: LatestCandleStart;
}

/** Identity the predictions service reads market data with: a signed-in viewer, never a real user. */
export const serviceIdentity: Identity = Object.freeze({ userId: '00000000-0000-4000-8000-000000000000', role: 'VIEWER', scopes: null, clientAddress: '127.0.0.1' });

/** Most intervals one `candles` request may span without `maxPoints` (the market's limit). */
const maxIntervalsPerRequest = 10_000;

const candlesQuery = `query Candles($symbol: String!, $interval: CandleInterval!, $from: DateTime!, $to: DateTime!) {
  candles(symbol: $symbol, interval: $interval, from: $from, to: $to) { ts open high low close }
}`;

/**
 * Calls the market subgraph directly (with an identity signed like the gateway does), so predictions
 * never keeps its own copy of assets or candles. Market errors with a public code keep it
 * (NOT_FOUND for an unknown asset); anything else is DOWNSTREAM_SERVICE_ERROR.
 */
export function createMarketClient(marketUrl: string, internalSecret: string): MarketClient {
  const key = internalKey(internalSecret);
  const call = async <T>(query: string, variables: Record<string, unknown>, asIdentity: Identity): Promise<T> => {
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
      const data = await call<{ asset: { active: boolean } | null }>('query AssetExists($symbol: String!) { asset(symbol: $symbol) { symbol active } }', { symbol }, asIdentity);
      return data.asset?.active === true;
    },
    fetchCandles: async (symbol, interval, from, to) => {
      const bars: Bar[] = [];
      const step = maxIntervalsPerRequest * intervalMs[interval];
      for (let start = from.getTime(); start < to.getTime(); start += step) {
        const end = Math.min(start + step, to.getTime());
        const data = await call<{ candles: { ts: string; open: number; high: number; low: number; close: number }[] }>(
          candlesQuery,
          { symbol, interval, from: new Date(start).toISOString(), to: new Date(end).toISOString() },
          serviceIdentity,
        );
        for (const candle of data.candles) {
          const ts = Date.parse(candle.ts);
          // The market widens `to` to a whole bucket: keep only bars that start inside [from, to).
          if (ts >= start && ts < end) bars.push({ ts, open: candle.open, high: candle.high, low: candle.low, close: candle.close });
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
