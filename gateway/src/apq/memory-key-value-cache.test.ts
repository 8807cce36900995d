import { describe, expect, it } from 'vitest';
import { memoryInFront, memoryKeyValueCache } from './memory-key-value-cache.js';
import type { KeyValueCache } from './redis-key-value-cache.js';

/** A shared cache that counts how often it is read. */
function counted(): KeyValueCache & { reads: number } {
  const inner = memoryKeyValueCache({ maxBytes: 1024 * 1024 });
  const cache = { reads: 0, get: async (key: string) => (cache.reads++, inner.get(key)), set: inner.set, delete: inner.delete };
  return cache;
}

describe('memoryInFront', () => {
  it('asks the shared cache once per key it has seen, registers in both, and keeps misses asking', async () => {
    const shared = counted();
    await shared.set('a', 'query A');
    const cache = memoryInFront(shared, { maxBytes: 1024 });
    expect(await cache.get('a')).toBe('query A');
    expect(await cache.get('a')).toBe('query A');
    expect(shared.reads).toBe(1);
    expect(await cache.get('missing')).toBeUndefined();
    expect(await cache.get('missing')).toBeUndefined();
    expect(shared.reads).toBe(3);
    await cache.set('b', 'query B');
    expect(await shared.get('b')).toBe('query B');
    expect(await cache.get('b')).toBe('query B');
    expect(shared.reads).toBe(4);
  });
});
