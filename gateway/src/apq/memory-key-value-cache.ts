import { LRUCache } from 'lru-cache';
import type { KeyValueCache } from './redis-key-value-cache.js';

/** A bounded in-process KeyValueCache (lru-cache), for persisted queries without Redis. */
export function memoryKeyValueCache(options: { readonly maxBytes: number }): KeyValueCache {
  const cache = new LRUCache<string, string>({ maxSize: options.maxBytes, sizeCalculation: (value, key) => value.length + key.length });
  return {
    get: async (key) => cache.get(key),
    set: async (key, value, setOptions) => void cache.set(key, value, setOptions?.ttl ? { ttl: setOptions.ttl * 1000 } : {}),
    delete: async (key) => cache.delete(key),
  };
}
