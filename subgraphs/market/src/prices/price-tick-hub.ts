import { priceTickChannel, type EventBus, type Logger } from '@cryptograph/core';
import { fromPriceTickMessage } from './price-tick-codec.js';
import type { LatestPrice } from './price-tick.js';

/** Fans price ticks of the bus out to this process's subscriptions. */
export interface PriceTickHub {
  /** A stream of ticks of `symbols`; ending the iteration (return) unsubscribes. */
  subscribe(symbols: ReadonlySet<string>): Promise<AsyncIterableIterator<LatestPrice>>;
  /** Ends every stream and drops the bus subscription. */
  close(): Promise<void>;
}

/**
 * A subscriber's queue. Latest wins: while the consumer is busy, a newer tick of a symbol replaces
 * the pending one, so a slow client gets conflated ticks, never an unbounded backlog.
 */
class ConflatingQueue implements AsyncIterableIterator<LatestPrice> {
  private readonly pending = new Map<string, LatestPrice>();
  private waiting: ((result: IteratorResult<LatestPrice>) => void) | null = null;
  private finished = false;

  constructor(
    readonly symbols: ReadonlySet<string>,
    private readonly onEnd: (queue: ConflatingQueue) => void,
  ) {}

  push(tick: LatestPrice): void {
    if (this.finished || !this.symbols.has(tick.symbol)) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: tick, done: false });
    } else this.pending.set(tick.symbol, tick);
  }

  next(): Promise<IteratorResult<LatestPrice>> {
    const first = this.pending.entries().next();
    if (!first.done) {
      this.pending.delete(first.value[0]);
      return Promise.resolve({ value: first.value[1], done: false });
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<LatestPrice>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.pending.clear();
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
    this.onEnd(this);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<LatestPrice> {
    return this;
  }
}

/**
 * Creates the hub: one bus subscription on `priceTickChannel`, opened with the first local
 * subscriber and dropped with the last, shared by all of them; each subscriber filters by symbol.
 */
export function createPriceTickHub(bus: EventBus, logger: Logger): PriceTickHub {
  const queues = new Set<ConflatingQueue>();
  let busSubscription: Promise<() => Promise<void>> | null = null;

  const onMessage = (message: unknown) => {
    const tick = fromPriceTickMessage(message);
    if (!tick) {
      logger.warn({ channel: priceTickChannel }, 'ignored a malformed price tick event');
      return;
    }
    for (const queue of queues) queue.push(tick);
  };

  const release = () => {
    if (queues.size > 0 || !busSubscription) return;
    const subscription = busSubscription;
    busSubscription = null;
    subscription.then((unsubscribe) => unsubscribe()).catch((error: unknown) => logger.warn({ err: error }, 'dropping the price tick subscription failed'));
  };

  return {
    async subscribe(symbols) {
      const queue = new ConflatingQueue(symbols, (ended) => {
        queues.delete(ended);
        release();
      });
      queues.add(queue);
      // A fresh handler per bus subscription, so a late unsubscribe of an old one never drops a new one.
      busSubscription ??= bus.subscribe(priceTickChannel, (message) => onMessage(message));
      try {
        await busSubscription;
      } catch (error) {
        busSubscription = null;
        queue.end();
        throw error;
      }
      return queue;
    },
    async close() {
      for (const queue of [...queues]) queue.end();
    },
  };
}
