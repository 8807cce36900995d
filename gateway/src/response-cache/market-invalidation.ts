import { assetChangedChannel, barClosedChannel, candlesChangedChannel, minuteMs, priceTickChannel, type EventBus, type Logger } from '@cryptograph/core/base';
import type { ResponseCacheStore } from './response-cache-store.js';

const dayMs = 86_400_000;

/** The start of the UTC day of `ms`. */
const dayStart = (ms: number) => Math.floor(ms / dayMs) * dayMs;

/** What the response cache learns from the market's events. */
export interface MarketInvalidation {
  /** True while the cache may be used: subscribed, and the bus connected (events would be lost otherwise). */
  live(): boolean;
  /** The end of the newest bar of `symbol` announced as closed (ms), or undefined before the first one. */
  closedUntil(symbol: string): number | undefined;
  close(): Promise<void>;
}

/** One field of a message, when it is a string. */
function text(message: unknown, field: string): string | undefined {
  const value = message && typeof message === 'object' ? (message as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Keeps the cache in step with the market's event-bus contract (`market-channels.ts` in core), on
 * every gateway that shares the bus:
 * - a price tick or a closed bar of a symbol changes its candles on that UTC day (a live trade
 *   updates the open minute's bar; days are the widest bucket a bar belongs to), and a closed bar
 *   moves the symbol's "closed until" mark;
 * - changed candles (an import, a backfill replacing simulated bars) change that range, widened to
 *   whole days;
 * - an asset added or removed changes the catalog and that asset's candles.
 * The cache is used once every subscription is in place. While the bus is down (a Redis outage
 * loses the events published meanwhile) the cache is not used, and it is emptied: checked every
 * `healthCheckMs` and on every use; a subscription that dropped and came back between two checks
 * (ioredis reconnects within milliseconds) empties it too.
 */
export function watchMarketInvalidation(bus: EventBus, store: ResponseCacheStore, logger: Logger, healthCheckMs = 1_000): MarketInvalidation {
  const closed = new Map<string, number>();
  let subscribed = false;
  let closing = false;
  let connected = bus.healthy?.() ?? true;
  let interruptions = bus.interruptions?.() ?? 0;
  const checkHealth = () => {
    const now = bus.healthy?.() ?? true;
    const seen = bus.interruptions?.() ?? 0;
    if (!now && connected) {
      store.clear();
      logger.warn('event bus disconnected: the response cache is off until it is back');
    } else if (now && !connected) logger.info('event bus back: the response cache is on again');
    else if (seen !== interruptions) {
      // Dropped and back between two checks: events may have been lost all the same.
      store.clear();
      logger.warn('event bus reconnected: the response cache was emptied (events published meanwhile are lost)');
    }
    connected = now;
    interruptions = seen;
    return now;
  };
  const candlesOnDayOf = (message: unknown) => {
    const symbol = text(message, 'symbol');
    const ts = Date.parse(text(message, 'ts') ?? '');
    if (!symbol || !Number.isFinite(ts)) return undefined;
    store.invalidateCandles(symbol, dayStart(ts), dayStart(ts) + dayMs);
    return { symbol, ts };
  };
  const subscriptions = Promise.all([
    bus.subscribe(priceTickChannel, (message) => void candlesOnDayOf(message)),
    bus.subscribe(barClosedChannel, (message) => {
      const bar = candlesOnDayOf(message);
      if (bar) closed.set(bar.symbol, Math.max(closed.get(bar.symbol) ?? 0, bar.ts + minuteMs));
    }),
    bus.subscribe(candlesChangedChannel, (message) => {
      const symbol = text(message, 'symbol');
      const from = Date.parse(text(message, 'from') ?? '');
      const to = Date.parse(text(message, 'to') ?? '');
      if (!symbol) return;
      // An unreadable range invalidates all of the symbol's candles.
      store.invalidateCandles(
        symbol,
        Number.isFinite(from) ? dayStart(from) : Number.NEGATIVE_INFINITY,
        Number.isFinite(to) ? dayStart(to - 1) + dayMs : Number.POSITIVE_INFINITY,
      );
    }),
    bus.subscribe(assetChangedChannel, (message) => {
      store.invalidateCatalog();
      const symbol = text(message, 'symbol');
      if (symbol) store.invalidateCandles(symbol, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    }),
  ]).then(
    (unsubscribes) => {
      subscribed = !closing;
      return unsubscribes;
    },
    (error: unknown) => {
      logger.error({ err: error }, 'the response cache could not subscribe to the market events: it stays off');
      return [];
    },
  );
  const timer = setInterval(checkHealth, healthCheckMs);
  timer.unref();
  return {
    live: () => checkHealth() && subscribed,
    closedUntil: (symbol) => closed.get(symbol),
    async close() {
      closing = true;
      subscribed = false;
      clearInterval(timer);
      await Promise.all((await subscriptions).map((unsubscribe) => unsubscribe()));
    },
  };
}
