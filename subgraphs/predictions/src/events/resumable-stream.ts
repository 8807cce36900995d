import type { EventBus, Logger } from '@cryptograph/core';
import { randomUUID } from 'node:crypto';

/** Where a resumable stream's events come from: a bus channel for live ones, the database for missed ones. */
export interface ResumableSource<T> {
  /** Bus channel of live events. */
  readonly channel: string;
  /** Decodes a bus message; null for anything else (e.g. sync markers). */
  decode(message: unknown): T | null;
  /** The event's id: increasing in commit order. */
  idOf(event: T): number;
  /**
   * For streams whose events are written concurrently: every event with id > `after` (unfiltered),
   * in id order. With it, bus messages only wake the hub, which reads the new rows from the
   * database in id order and fans them out, so an event published before a lower-id one is never
   * skipped (writers must commit in id order; see `lockPredictionIds`).
   */
  readAllAfter?(after: number, limit: number): Promise<T[]>;
  /** The newest id now; required with `readAllAfter`. */
  newestId?(): Promise<number>;
}

/** One subscriber's view: which events it wants and how to read those it missed. */
export interface StreamFilter<T> {
  matches(event: T): boolean;
  /** Up to `limit` matching events with id > `after` from the database, in id order. */
  readAfter(after: number, limit: number): Promise<T[]>;
  /** True when the stream ends after delivering this event (e.g. a finished job). */
  isLast?(event: T): boolean;
}

const pageSize = 500;

/**
 * A subscriber: buffers live events while it replays from the database, then delivers live events
 * with id > the last one delivered, so nothing is lost and nothing is delivered twice. Unbounded on
 * purpose: "nothing lost" is the promise of these streams.
 */
class ResumableQueue<T> implements AsyncIterableIterator<T> {
  private readonly ready: T[] = [];
  private buffer: T[] | null = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private finished = false;
  lastId: number;

  constructor(
    private readonly source: ResumableSource<T>,
    readonly filter: StreamFilter<T>,
    after: number,
    private readonly onEnd: (queue: ResumableQueue<T>) => void,
  ) {
    this.lastId = after;
  }

  /** A live event from the bus. */
  push(event: T): void {
    if (this.finished || !this.filter.matches(event)) return;
    if (this.buffer) this.buffer.push(event);
    else this.deliver(event);
  }

  /** Replays missed events from the database, then drains what arrived meanwhile. */
  async catchUp(): Promise<void> {
    this.buffer ??= [];
    try {
      for (;;) {
        const page = await this.filter.readAfter(this.lastId, pageSize);
        for (const event of page) this.deliver(event);
        if (page.length < pageSize || this.finished) break;
      }
    } finally {
      const buffered = this.buffer ?? [];
      this.buffer = null;
      for (const event of buffered) this.deliver(event);
    }
  }

  private deliver(event: T): void {
    if (this.finished) return;
    const id = this.source.idOf(event);
    if (id <= this.lastId) return;
    this.lastId = id;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: event, done: false });
    } else this.ready.push(event);
    if (this.filter.isLast?.(event)) this.finished = true;
  }

  next(): Promise<IteratorResult<T>> {
    const event = this.ready.shift();
    if (event !== undefined) return Promise.resolve({ value: event, done: false });
    if (this.finished) {
      this.onEnd(this);
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.finished = true;
    this.ready.length = 0;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
    this.onEnd(this);
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Fans one bus channel out to resumable subscribers of this process. */
export interface ResumableHub<T> {
  /**
   * A stream of events after id `after` (from the database first), then live ones. `after` may be a
   * function, read once the bus subscription is in place (e.g. "the newest id now" for live-only).
   */
  subscribe(filter: StreamFilter<T>, after: number | (() => Promise<number>)): Promise<AsyncIterableIterator<T>>;
  /**
   * Call after the bus reconnected: once the bus delivers again (checked with a marker message),
   * every subscriber backfills from the database after the last id it saw.
   */
  resync(): Promise<void>;
  /** Number of open subscribers. */
  size(): number;
  close(): Promise<void>;
}

/** Creates a hub with one bus subscription shared by all of its subscribers. */
export function createResumableHub<T>(bus: EventBus, source: ResumableSource<T>, logger: Logger): ResumableHub<T> {
  const queues = new Set<ResumableQueue<T>>();
  const markers = new Map<string, () => void>();
  let unsubscribe: Promise<() => Promise<void>> | null = null;
  let cursor: number | null = null;
  let reading: Promise<void> | null = null;
  let dirty = false;
  /** Reads rows after the hub's cursor and fans them out (one read at a time, repeated while woken meanwhile). */
  const pull = (): Promise<void> => {
    if (reading) {
      dirty = true;
      return reading;
    }
    reading = (async () => {
      do {
        dirty = false;
        cursor ??= await source.newestId!();
        for (;;) {
          const rows = await source.readAllAfter!(cursor, pageSize);
          for (const row of rows) {
            for (const queue of queues) queue.push(row);
            cursor = source.idOf(row);
          }
          if (rows.length < pageSize) break;
        }
      } while (dirty);
    })().finally(() => (reading = null));
    return reading;
  };
  const onMessage = (message: unknown) => {
    const marker = (message as { syncMarker?: unknown } | null)?.syncMarker;
    if (typeof marker === 'string') {
      markers.get(marker)?.();
      return;
    }
    const event = source.decode(message);
    if (event === null) return;
    if (source.readAllAfter) pull().catch((error: unknown) => logger.error({ err: error }, 'reading new events failed'));
    else for (const queue of queues) queue.push(event);
  };
  const ensureSubscribed = () => (unsubscribe ??= bus.subscribe(source.channel, onMessage));

  /** Resolves once a marker published now comes back over the bus: the subscription is live. */
  const busDelivers = async (timeoutMs = 30_000) => {
    const token = randomUUID();
    const arrived = new Promise<void>((resolve) => markers.set(token, resolve));
    const deadline = Date.now() + timeoutMs;
    try {
      while (Date.now() < deadline) {
        await bus.publish(source.channel, { syncMarker: token }).catch(() => undefined);
        const got = await Promise.race([arrived.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200))]);
        if (got) return true;
      }
      return false;
    } finally {
      markers.delete(token);
    }
  };

  return {
    async subscribe(filter, after) {
      await ensureSubscribed();
      if (source.readAllAfter && cursor === null) await pull();
      const queue = new ResumableQueue(source, filter, typeof after === 'number' ? after : 0, (ended) => queues.delete(ended));
      queues.add(queue);
      try {
        if (typeof after === 'function') queue.lastId = await after();
        await queue.catchUp();
      } catch (error) {
        queues.delete(queue);
        throw error;
      }
      return queue;
    },
    async resync() {
      await ensureSubscribed();
      if (!(await busDelivers())) logger.warn({ channel: source.channel }, 'bus did not deliver a sync marker; backfilling anyway');
      if (source.readAllAfter) await pull().catch((error: unknown) => logger.error({ err: error }, 'reading new events failed'));
      await Promise.all([...queues].map((queue) => queue.catchUp().catch((error: unknown) => logger.error({ err: error }, 'backfill failed'))));
    },
    size: () => queues.size,
    async close() {
      for (const queue of [...queues]) await queue.return();
      if (unsubscribe) await (await unsubscribe)();
      unsubscribe = null;
    },
  };
}
