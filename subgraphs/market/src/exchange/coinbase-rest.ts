import type { Logger } from '@cryptograph/core';
import pRetry, { AbortError } from 'p-retry';
import pThrottle from 'p-throttle';
import type { Bar } from '../candles/candle.table.js';
import { productIdOf } from './coinbase-messages.js';

/** Candle granularities the Coinbase Exchange candles endpoint accepts that we store: one minute and one day. */
export type CandleGranularity = 60 | 86_400;

/** Most candles one request may ask for (a wider range is rejected by the exchange). */
export const maxCandlesPerRequest = 300;

/** How to talk to the exchange's public REST API. */
export interface CoinbaseRestOptions {
  /** Base URL, e.g. `https://api.exchange.coinbase.com`. */
  readonly baseUrl: string;
  /** Requests per second, kept under the exchange's public limit (10 per second per IP, bursts of 15). */
  readonly requestsPerSecond: number;
  readonly logger: Logger;
  /** Retries of a request answered 429, 5xx or not at all; default 6. */
  readonly retries?: number;
  /** First retry delay; doubles up to 30 s, with jitter. Default 500 ms. */
  readonly retryMinMs?: number;
  /** Timeout of one request; default 10 s. */
  readonly timeoutMs?: number;
}

/** The exchange's public REST API: the server time (reachability) and historical candles. */
export interface CoinbaseRest {
  /** The exchange's time; throws when it does not answer within `timeoutMs`. */
  serverTime(timeoutMs: number): Promise<Date>;
  /**
   * Candles of `symbol` starting in [start, end), oldest first, paging through 300-candle requests;
   * `onPage` reports progress; `signal` aborts at once (a stopping feed does not wait for retries).
   */
  candles(
    symbol: string,
    granularity: CandleGranularity,
    start: Date,
    end: Date,
    onPage?: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<Bar[]>;
  /** Requests sent so far (tests, logs). */
  readonly requests: () => number;
}

/** A non-retryable answer of the exchange. */
export class ExchangeRequestError extends Error {
  override name = 'ExchangeRequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Parses one candle row `[time, low, high, open, close, volume]`; null when it is not one. */
function parseCandle(row: unknown): Bar | null {
  if (!Array.isArray(row) || row.length < 6 || !row.slice(0, 6).every((value) => typeof value === 'number' && Number.isFinite(value))) return null;
  const [time, low, high, open, close, volume] = row as number[];
  if (low! <= 0 || high! < Math.max(open!, close!) || low! > Math.min(open!, close!) || volume! < 0) return null;
  return { ts: new Date(time! * 1000), open: open!, high: high!, low: low!, close: close!, volume: volume! };
}

/**
 * A client of the Coinbase Exchange public REST API (`GET /time`, `GET /products/{id}/candles`).
 * Every request goes through one throttle (p-throttle) under the published public rate limit, and
 * is retried with exponential backoff and jitter (p-retry) when the exchange answers 429 or 5xx or
 * not at all; other 4xx answers fail at once. Candle ranges are split into requests of at most 300
 * candles, as the exchange requires; rows outside the asked range (it may return earlier ones) and
 * malformed rows are dropped.
 */
export function createCoinbaseRest(options: CoinbaseRestOptions): CoinbaseRest {
  const { logger } = options;
  const throttle = pThrottle({ limit: Math.max(1, Math.floor(options.requestsPerSecond)), interval: 1000, strict: true });
  let sent = 0;
  const timeoutMs = options.timeoutMs ?? 10_000;

  const send = throttle(async (path: string, timeout: number, signal?: AbortSignal): Promise<unknown> => {
    signal?.throwIfAborted();
    sent += 1;
    const deadline = AbortSignal.timeout(timeout);
    const response = await fetch(new URL(path, options.baseUrl), {
      headers: { accept: 'application/json', 'user-agent': 'cryptograph-market-feed' },
      signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
    });
    const text = await response.text();
    if (response.status === 429 || response.status >= 500)
      throw new ExchangeRequestError(`exchange answered ${response.status} to ${path}: ${text.slice(0, 200)}`, response.status);
    if (!response.ok) throw new AbortError(new ExchangeRequestError(`exchange refused ${path} (${response.status}): ${text.slice(0, 200)}`, response.status));
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AbortError(new ExchangeRequestError(`exchange sent malformed JSON for ${path}`, response.status));
    }
  });

  const get = (path: string, signal?: AbortSignal) =>
    pRetry(() => send(path, timeoutMs, signal), {
      ...(signal ? { signal } : {}),
      retries: options.retries ?? 6,
      minTimeout: options.retryMinMs ?? 500,
      maxTimeout: 30_000,
      randomize: true,
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        logger.warn({ path, attempt: attemptNumber, retriesLeft, reason: error.message }, 'exchange REST: request failed, retrying with backoff');
      },
    });

  return {
    requests: () => sent,
    async serverTime(probeTimeoutMs) {
      const body = (await send('/time', probeTimeoutMs)) as { iso?: unknown; epoch?: unknown };
      const time = typeof body?.iso === 'string' ? new Date(body.iso) : new Date(Number.NaN);
      if (Number.isNaN(time.getTime())) throw new ExchangeRequestError('exchange /time answer has no valid "iso"', 200);
      return time;
    },
    async candles(symbol, granularity, start, end, onPage, signal) {
      const stepMs = granularity * 1000;
      const first = Math.ceil(start.getTime() / stepMs) * stepMs;
      const total = Math.max(0, Math.ceil((end.getTime() - first) / (stepMs * maxCandlesPerRequest)));
      const bars = new Map<number, Bar>();
      for (let page = 0; page < total; page += 1) {
        const pageStart = first + page * stepMs * maxCandlesPerRequest;
        // The exchange's `end` is inclusive: ask for exactly 300 bucket starts.
        const pageEnd = Math.min(pageStart + stepMs * (maxCandlesPerRequest - 1), end.getTime() - stepMs);
        if (pageEnd < pageStart) break;
        const query = new URLSearchParams({ granularity: String(granularity), start: new Date(pageStart).toISOString(), end: new Date(pageEnd).toISOString() });
        const body = await get(`/products/${productIdOf(symbol)}/candles?${query}`, signal);
        if (!Array.isArray(body)) throw new ExchangeRequestError(`exchange candles answer for ${symbol} is not a list`, 200);
        for (const row of body) {
          const bar = parseCandle(row);
          if (bar && bar.ts.getTime() >= pageStart && bar.ts.getTime() <= pageEnd && bar.ts.getTime() % stepMs === 0) bars.set(bar.ts.getTime(), bar);
        }
        onPage?.(page + 1, total);
      }
      return [...bars.values()].sort((a, b) => a.ts.getTime() - b.ts.getTime());
    },
  };
}
