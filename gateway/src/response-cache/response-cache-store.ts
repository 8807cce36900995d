import { LRUCache } from 'lru-cache';
import type { AnswerDependencies, CandleRange } from './public-data-policy.js';

/** A cached answer: its JSON, what it depends on, and whether it can still change. */
export interface CachedAnswer {
  readonly body: Buffer;
  readonly dependencies: AnswerDependencies;
  /** True when every candle it holds is closed (and it reads no catalog): only a correction of stored bars changes it. */
  readonly closed: boolean;
}

/** An answer being computed: stored when it completes, unless what it read changed meanwhile. */
export interface PendingFill {
  readonly key: string;
  readonly dependencies: AnswerDependencies;
  /** Set when an invalidation touched it while it was computed: it is not stored. */
  stale: boolean;
}

/** Settings of the store. */
export interface ResponseCacheStoreOptions {
  /** Most bytes of answers (and keys) held; the least recently used go first. */
  readonly maxBytes: number;
  /** Called with the key of every fill an invalidation made stale (in-flight deduplication lets later operations execute anew). */
  readonly onStale?: (key: string) => void;
  /** Called for every entry removed by an invalidation, for room (evicted) or for age (expired). */
  readonly onRemoved?: (reason: 'invalidated' | 'evicted' | 'expired') => void;
  /** Called on every invalidation, whatever it touched (subgraph fetches in flight may have read what changed, for answers that are not cached too). */
  readonly onInvalidation?: () => void;
}

/** The response cache's entries, indexed by what they depend on. */
export interface ResponseCacheStore {
  get(key: string): CachedAnswer | undefined;
  /** Registers an answer being computed; `complete` or `abandon` it. */
  begin(key: string, dependencies: AnswerDependencies): PendingFill;
  /** Stores the answer of a fill unless it went stale; returns whether it was stored. */
  complete(fill: PendingFill, answer: CachedAnswer, ttlMs: number): boolean;
  /** Forgets a fill whose answer is not cacheable. */
  abandon(fill: PendingFill): void;
  /** Removes the answers that read candles of `symbol` overlapping [from, to) (and any-symbol candles). */
  invalidateCandles(symbol: string, from: number, to: number): void;
  /** Removes the answers that read the asset catalog. */
  invalidateCatalog(): void;
  /** Removes everything (and makes every fill in progress stale). */
  clear(): void;
  /** Entries and bytes held. */
  stats(): { entries: number; bytes: number };
}

const overlaps = (range: CandleRange, symbol: string, from: number, to: number) =>
  (range.symbol === null || range.symbol === symbol) && range.from < to && from < range.to;
const touchesCandles = (dependencies: AnswerDependencies, symbol: string, from: number, to: number) =>
  dependencies.candles.some((range) => overlaps(range, symbol, from, to));
/** Bytes an entry is charged: its JSON, its key (twice: the LRU's map and the index) and bookkeeping. */
const entrySize = (key: string, answer: CachedAnswer) => answer.body.length + 2 * key.length + 256;

/**
 * Answers bounded by bytes (lru-cache: least recently used evicted first, per-entry TTL), with an
 * index from each symbol (and "any symbol", and the catalog) to the keys that depend on it, so an
 * event removes exactly the answers it changes. Fills in progress are tracked too: an invalidation
 * that touches one marks it stale, so an answer computed from data read before a change is never
 * stored after the change was announced.
 */
export function createResponseCacheStore(options: ResponseCacheStoreOptions): ResponseCacheStore {
  const bySymbol = new Map<string, Set<string>>();
  const catalogKeys = new Set<string>();
  const pending = new Map<string, Set<PendingFill>>();
  let removal: 'invalidated' | 'evicted' | 'expired' = 'evicted';

  const index = (key: string, dependencies: AnswerDependencies, add: boolean) => {
    if (dependencies.catalog) {
      if (add) catalogKeys.add(key);
      else catalogKeys.delete(key);
    }
    for (const range of dependencies.candles) {
      const symbol = range.symbol ?? '*';
      let keys = bySymbol.get(symbol);
      if (add) {
        if (!keys) bySymbol.set(symbol, (keys = new Set()));
        keys.add(key);
      } else if (keys) {
        keys.delete(key);
        if (keys.size === 0) bySymbol.delete(symbol);
      }
    }
  };

  const entries = new LRUCache<string, CachedAnswer>({
    maxSize: Math.max(1, options.maxBytes),
    sizeCalculation: (answer, key) => entrySize(key, answer),
    ttlAutopurge: false,
    dispose: (answer, key, reason) => {
      index(key, answer.dependencies, false);
      if (reason === 'set') return;
      options.onRemoved?.(reason === 'evict' ? 'evicted' : reason === 'expire' ? 'expired' : removal);
    },
  });

  const markStale = (matches: (fill: PendingFill) => boolean) => {
    for (const fills of pending.values()) {
      for (const fill of fills) {
        if (fill.stale || !matches(fill)) continue;
        fill.stale = true;
        options.onStale?.(fill.key);
      }
    }
  };
  const remove = (keys: Iterable<string>, matches: (answer: CachedAnswer) => boolean) => {
    removal = 'invalidated';
    try {
      for (const key of [...keys]) {
        const answer = entries.peek(key, { allowStale: true });
        if (answer && matches(answer)) entries.delete(key);
      }
    } finally {
      removal = 'evicted';
    }
  };

  return {
    get: (key) => entries.get(key),
    begin(key, dependencies) {
      const fill: PendingFill = { key, dependencies, stale: false };
      let fills = pending.get(key);
      if (!fills) pending.set(key, (fills = new Set()));
      fills.add(fill);
      return fill;
    },
    complete(fill, answer, ttlMs) {
      this.abandon(fill);
      if (fill.stale || options.maxBytes === 0 || entrySize(fill.key, answer) > options.maxBytes) return false;
      entries.set(fill.key, answer, { ttl: ttlMs });
      index(fill.key, answer.dependencies, true);
      return true;
    },
    abandon(fill) {
      const fills = pending.get(fill.key);
      fills?.delete(fill);
      if (fills?.size === 0) pending.delete(fill.key);
    },
    invalidateCandles(symbol, from, to) {
      options.onInvalidation?.();
      remove([...(bySymbol.get(symbol) ?? []), ...(bySymbol.get('*') ?? [])], (answer) => touchesCandles(answer.dependencies, symbol, from, to));
      markStale((fill) => touchesCandles(fill.dependencies, symbol, from, to));
    },
    invalidateCatalog() {
      options.onInvalidation?.();
      remove(catalogKeys, (answer) => answer.dependencies.catalog);
      markStale((fill) => fill.dependencies.catalog);
    },
    clear() {
      options.onInvalidation?.();
      removal = 'invalidated';
      try {
        entries.clear();
      } finally {
        removal = 'evicted';
      }
      markStale(() => true);
    },
    stats: () => ({ entries: entries.size, bytes: entries.calculatedSize }),
  };
}
