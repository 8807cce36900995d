import { describe, expect, it } from 'vitest';
import type { AnswerDependencies } from './public-data-policy.js';
import { createResponseCacheStore } from './response-cache-store.js';

const day = 86_400_000;
const t0 = Date.parse('2024-07-01T00:00:00Z');
const candles = (symbol: string | null, from: number, to: number): AnswerDependencies => ({ catalog: false, candles: [{ symbol, from, to }] });
const catalog: AnswerDependencies = { catalog: true, candles: [] };
const answer = (dependencies: AnswerDependencies, text = '{"data":{}}') => ({ body: Buffer.from(text), dependencies, closed: false });

function fill(store: ReturnType<typeof createResponseCacheStore>, key: string, dependencies: AnswerDependencies, ttlMs = 60_000) {
  return store.complete(store.begin(key, dependencies), answer(dependencies), ttlMs);
}

describe('the response cache store', () => {
  it('removes exactly the answers an event touches: same symbol (or any) and an overlapping range', () => {
    const removed: string[] = [];
    const store = createResponseCacheStore({ maxBytes: 1 << 20, onRemoved: (reason) => removed.push(reason) });
    fill(store, 'btc-day1', candles('BTC', t0, t0 + day));
    fill(store, 'btc-day2', candles('BTC', t0 + day, t0 + 2 * day));
    fill(store, 'eth-day1', candles('ETH', t0, t0 + day));
    fill(store, 'any-open', candles(null, t0, Number.POSITIVE_INFINITY));
    fill(store, 'catalog', catalog);
    store.invalidateCandles('BTC', t0 + day, t0 + 2 * day);
    expect(['btc-day1', 'btc-day2', 'eth-day1', 'any-open', 'catalog'].map((key) => store.get(key) !== undefined)).toEqual([true, false, true, false, true]);
    store.invalidateCatalog();
    expect(store.get('catalog')).toBeUndefined();
    expect(store.get('btc-day1')).toBeDefined();
    expect(removed).toEqual(['invalidated', 'invalidated', 'invalidated']);
  });

  it('never stores an answer whose data changed while it was computed, and says which key went stale', () => {
    const stale: string[] = [];
    const store = createResponseCacheStore({ maxBytes: 1 << 20, onStale: (key) => stale.push(key) });
    const computing = store.begin('btc', candles('BTC', t0, t0 + day));
    const unrelated = store.begin('eth', candles('ETH', t0, t0 + day));
    store.invalidateCandles('BTC', t0 + 3_600_000, t0 + 3_600_000 + 1);
    expect(store.complete(computing, answer(computing.dependencies), 60_000)).toBe(false);
    expect(store.complete(unrelated, answer(unrelated.dependencies), 60_000)).toBe(true);
    expect(store.get('btc')).toBeUndefined();
    expect(stale).toEqual(['btc']);
    // The next computation of the same answer is stored.
    expect(fill(store, 'btc', candles('BTC', t0, t0 + day))).toBe(true);
  });

  it('is bounded by bytes: the least recently used answers go first', () => {
    const evicted: string[] = [];
    const store = createResponseCacheStore({ maxBytes: 3_000, onRemoved: (reason) => evicted.push(reason) });
    const big = (key: string) => store.complete(store.begin(key, catalog), answer(catalog, `{"data":"${'x'.repeat(900)}"}`), 60_000);
    big('a');
    big('b');
    store.get('a');
    big('c');
    expect([store.get('a'), store.get('b'), store.get('c')].map(Boolean)).toEqual([true, false, true]);
    expect(store.stats().bytes).toBeLessThanOrEqual(3_000);
    expect(evicted).toEqual(['evicted']);
    // An answer larger than the whole cache is not kept at all.
    expect(store.complete(store.begin('huge', catalog), answer(catalog, `{"data":"${'x'.repeat(5_000)}"}`), 60_000)).toBe(false);
  });

  it('expires answers after their time to live', async () => {
    const store = createResponseCacheStore({ maxBytes: 1 << 20 });
    fill(store, 'short', catalog, 20);
    expect(store.get('short')).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(store.get('short')).toBeUndefined();
  });

  it('empties itself on clear and makes computations in progress stale', () => {
    const store = createResponseCacheStore({ maxBytes: 1 << 20 });
    fill(store, 'a', catalog);
    const computing = store.begin('b', candles('BTC', t0, t0 + day));
    store.clear();
    expect(store.get('a')).toBeUndefined();
    expect(store.complete(computing, answer(computing.dependencies), 60_000)).toBe(false);
    expect(store.stats()).toEqual({ entries: 0, bytes: 0 });
  });
});
