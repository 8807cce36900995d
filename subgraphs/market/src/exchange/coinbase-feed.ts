import { backoffDelay, type BackoffSchedule, type Logger } from '@cryptograph/core';
import WebSocket from 'ws';
import type { Trade } from '../ingest/price-ingestor.js';
import { decodeCoinbaseMessage, subscribeMessage } from './coinbase-messages.js';

/** How to connect to the exchange. */
export interface CoinbaseFeedOptions {
  /** WebSocket URL of the feed, e.g. `wss://ws-feed.exchange.coinbase.com`. */
  readonly url: string;
  /** Upper-case tickers to follow (quoted in USD). */
  readonly symbols: readonly string[];
  /** Receives each ticker as a trade; errors are logged, the feed goes on. */
  readonly onTrade: (trade: Trade) => Promise<void>;
  readonly logger: Logger;
  /** Reconnect backoff; default 500 ms doubling up to 30 s, each delay spread by up to twice. */
  readonly backoff?: BackoffSchedule;
  /** Reconnect when nothing (not even a heartbeat) arrived for this long; default 30 s. */
  readonly idleTimeoutMs?: number;
  /**
   * Runs after each subscription (first connect and every reconnect) before any ticker of that
   * connection reaches `onTrade`: tickers arriving meanwhile wait in order (the live feed fills the
   * minutes missed while disconnected here).
   */
  readonly onSubscribed?: () => Promise<void>;
}

/** Tickers held while `onSubscribed` runs; past this, the oldest are dropped (counted as ignored). */
const maxHeldTickers = 50_000;

/** Counters of a running feed, for logs and tests. */
export interface CoinbaseFeedStats {
  connects: number;
  tickers: number;
  heartbeats: number;
  /** Garbage frames, malformed JSON and invalid messages, ignored. */
  ignored: number;
  /** `error` messages sent by the exchange. */
  errors: number;
}

/** A running exchange feed. */
export interface CoinbaseFeed {
  readonly stats: Readonly<CoinbaseFeedStats>;
  /** Closes the socket and stops reconnecting. */
  stop(): Promise<void>;
}

/**
 * Connects to the Coinbase Exchange public WebSocket feed, subscribes to the `ticker` and
 * `heartbeat` channels of the symbols' USD products and hands every ticker to `onTrade` (the same
 * ingestion path as replay). On a close, an error or silence it reconnects with exponential
 * backoff and jitter and subscribes again; garbage frames are counted, logged and ignored.
 */
export function startCoinbaseFeed(options: CoinbaseFeedOptions): CoinbaseFeed {
  const { logger } = options;
  const backoff = options.backoff ?? { initialMs: 500, maxMs: 30_000 };
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  const stats: CoinbaseFeedStats = { connects: 0, tickers: 0, heartbeats: 0, ignored: 0, errors: 0 };
  let attempt = 0;
  let stopped = false;
  let socket: WebSocket | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  /** Tickers waiting for `onSubscribed` to finish, or null when tickers flow straight through. */
  let held: Trade[] | null = null;

  const deliver = (trade: Trade) => {
    options.onTrade(trade).catch((error: unknown) => logger.error({ err: error, symbol: trade.symbol }, 'exchange feed: ingesting a ticker failed'));
  };

  const runOnSubscribed = (hook: () => Promise<void>) => {
    held = [];
    hook()
      .catch((error: unknown) => logger.error({ err: error }, 'exchange feed: filling the missed minutes failed; streaming on'))
      .finally(() => {
        const waiting = held ?? [];
        held = null;
        if (!stopped) for (const trade of waiting) deliver(trade);
      });
  };

  const resetIdleTimer = (current: WebSocket) => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      logger.warn({ idleTimeoutMs }, 'exchange feed: no message for too long, reconnecting');
      current.terminate();
    }, idleTimeoutMs);
  };

  const scheduleReconnect = () => {
    if (stopped || reconnectTimer) return;
    const delay = backoffDelay(attempt, backoff);
    attempt += 1;
    logger.info({ delayMs: delay, attempt }, 'exchange feed: reconnecting');
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  };

  const onFrame = (data: WebSocket.RawData, isBinary: boolean) => {
    const message = isBinary ? ({ kind: 'invalid', reason: 'binary frame' } as const) : decodeCoinbaseMessage(data.toString());
    switch (message.kind) {
      case 'ticker': {
        stats.tickers += 1;
        const trade = { symbol: message.symbol, price: message.price, size: message.size, ts: message.ts };
        if (held) {
          held.push(trade);
          if (held.length > maxHeldTickers) {
            held.shift();
            stats.ignored += 1;
          }
        } else deliver(trade);
        break;
      }
      case 'heartbeat':
        stats.heartbeats += 1;
        break;
      case 'subscriptions':
        attempt = 0;
        logger.info({ products: message.products }, 'exchange feed: subscribed');
        if (options.onSubscribed && held === null) runOnSubscribed(options.onSubscribed);
        break;
      case 'error':
        stats.errors += 1;
        logger.warn({ message: message.message }, 'exchange feed: the exchange reported an error');
        break;
      case 'invalid':
        stats.ignored += 1;
        logger.warn({ reason: message.reason, ignored: stats.ignored }, 'exchange feed: ignored a bad frame');
        break;
      case 'other':
        break;
    }
  };

  const connect = () => {
    if (stopped) return;
    const current = new WebSocket(options.url, { handshakeTimeout: 10_000 });
    socket = current;
    current.on('open', () => {
      stats.connects += 1;
      logger.info({ url: options.url, symbols: options.symbols }, 'exchange feed: connected');
      current.send(subscribeMessage(options.symbols));
      resetIdleTimer(current);
    });
    current.on('message', (data, isBinary) => {
      resetIdleTimer(current);
      onFrame(data, isBinary);
    });
    current.on('error', (error) => logger.warn({ err: error.message }, 'exchange feed: socket error'));
    current.on('close', (code) => {
      if (idleTimer) clearTimeout(idleTimer);
      if (socket === current) socket = null;
      if (!stopped) {
        logger.warn({ code }, 'exchange feed: disconnected');
        scheduleReconnect();
      }
    });
  };

  connect();
  return {
    stats,
    async stop() {
      stopped = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      if (idleTimer) clearTimeout(idleTimer);
      const current = socket;
      if (!current || current.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        current.once('close', () => resolve());
        if (current.readyState === WebSocket.CONNECTING) current.terminate();
        else current.close(1000);
        setTimeout(() => {
          current.terminate();
          resolve();
        }, 1000).unref();
      });
    },
  };
}
