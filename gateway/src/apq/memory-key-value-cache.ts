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

/**
 * A bounded in-process cache in front of a shared one, for persisted queries: a hash names exactly
 * one text, so a text once seen can be served from memory without asking Redis again (saving a
 * round trip per request); registrations go to both.
 */
export function memoryInFront(shared: KeyValueCache, options: { readonly maxBytes: number }): KeyValueCache {
  const local = new LRUCache<string, string>({ maxSize: options.maxBytes, sizeCalculation: (value, key) => value.length + key.length });
  return {
    async get(key) {
      const cached = local.get(key);
      if (cached !== undefined) return cached;
      const stored = await shared.get(key);
      if (stored !== undefined) local.set(key, stored);
      return stored;
    },
    async set(key, value, setOptions) {
      local.set(key, value);
      await shared.set(key, value, setOptions);
    },
    async delete(key) {
      local.delete(key);
      return shared.delete(key);
    },
  };
}
