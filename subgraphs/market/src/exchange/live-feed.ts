import { minuteMs, type BackoffSchedule } from '@cryptograph/core';
import type { FeedDependencies } from '../feed/feed-dependencies.js';
import type { Trade } from '../ingest/price-ingestor.js';
import { backfillFromExchange } from './backfill.js';
import { startCoinbaseFeed, type CoinbaseFeed } from './coinbase-feed.js';
import type { CoinbaseRest } from './coinbase-rest.js';

/** How long after a minute ends without a newer trade its bar is declared closed. */
const closeGraceMs = 2_000;

/** What the live feed needs. */
export interface LiveFeedOptions extends FeedDependencies {
  readonly rest: CoinbaseRest;
  readonly wsUrl: string;
  readonly symbols: readonly string[];
  readonly minuteDays: number;
  readonly backoff?: BackoffSchedule;
  readonly idleTimeoutMs?: number;
  /** The wall clock (tests). */
  readonly now?: () => Date;
}

/** A running live feed. */
export interface LiveFeed {
  /** Resolves once the startup backfill is done and the ticker is being streamed. */
  readonly streaming: Promise<void>;
  /** The exchange WebSocket's counters, once streaming. */
  socket(): CoinbaseFeed | null;
  stop(): Promise<void>;
}

/**
 * Live exchange data: first a REST backfill of everything missing since the newest real bar of
 * every asset, then the WebSocket ticker: each trade is merged into its minute's stored bar, cached
 * and published as a LIVE tick; a minute's bar is announced closed when a later trade arrives or
 * two seconds after the minute ends. After every reconnect the minutes missed meanwhile are filled
 * from REST (published in order as ticks and closed bars) before the new connection's tickers flow.
 * Ticks of a symbol never go back in time: a trade older than the last one published is dropped.
 */
export function startLiveFeed(options: LiveFeedOptions): LiveFeed {
  const { logger, ingestor } = options;
  const now = options.now ?? (() => new Date());
  const deps = { db: options.db, rest: options.rest, ingestor, logger };
  let stopped = false;
  const stopping = new AbortController();
  let socket: CoinbaseFeed | null = null;

  const lastTick = new Map<string, number>();
  const openMinute = new Map<string, number>();
  let subscriptions = 0;
  const close = (symbol: string, minute: number) => {
    openMinute.delete(symbol);
    void ingestor
      .closeLiveBar(symbol, new Date(minute))
      .catch((error: unknown) => logger.warn({ err: error, symbol }, 'live feed: announcing a closed bar failed'));
  };
  const onTrade = async (trade: Trade) => {
    const ts = trade.ts.getTime();
    if (ts < (lastTick.get(trade.symbol) ?? -Infinity)) return;
    const minute = Math.floor(ts / minuteMs) * minuteMs;
    const open = openMinute.get(trade.symbol);
    if (open !== undefined && minute > open) close(trade.symbol, open);
    lastTick.set(trade.symbol, ts);
    openMinute.set(trade.symbol, minute);
    await ingestor.ingestTrade(trade);
    options.reporter?.advance(trade.ts, 'live');
  };
  const closer = setInterval(() => {
    const wall = now().getTime();
    for (const [symbol, minute] of openMinute) if (wall >= minute + minuteMs + closeGraceMs) close(symbol, minute);
  }, 1000);
  closer.unref();
  const connect = () =>
    startCoinbaseFeed({
      url: options.wsUrl,
      symbols: options.symbols,
      onTrade,
      logger,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
      onSubscribed: async () => {
        subscriptions += 1;
        if (subscriptions === 1) return;
        logger.info('live feed: reconnected; filling the missed minutes from REST before streaming again');
        for (const [symbol, minute] of openMinute) close(symbol, minute);
        await backfillFromExchange(deps, { symbols: options.symbols, minuteDays: options.minuteDays, now: now(), kind: 'gap', signal: stopping.signal });
      },
    });
  const streaming = (async () => {
    logger.info({ symbols: options.symbols, minuteDays: options.minuteDays }, 'live feed: backfilling from the exchange REST API');
    const started = Date.now();
    try {
      const results = await backfillFromExchange(deps, {
        symbols: options.symbols,
        minuteDays: options.minuteDays,
        now: now(),
        kind: 'startup',
        signal: stopping.signal,
      });
      logger.info(
        {
          ms: Date.now() - started,
          requests: options.rest.requests(),
          minutes: results.reduce((sum, result) => sum + result.minutes, 0),
          days: results.reduce((sum, result) => sum + result.days, 0),
        },
        'live feed: backfill done, streaming the ticker',
      );
    } catch (error) {
      if (stopped) logger.info('live feed: stopped during the backfill');
      else logger.error({ err: error }, 'live feed: the backfill failed; streaming anyway (every reconnect fills what is missing)');
    }
    if (!stopped) socket = connect();
  })();
  return {
    streaming,
    socket: () => socket,
    async stop() {
      stopped = true;
      stopping.abort();
      clearInterval(closer);
      await streaming;
      await socket?.stop();
    },
  };
}
