import { expect } from 'vitest';

/**
 * Checks that a cache holding `capacity` entries forgets only its least recently used one when full:
 * `use` looks `key-<n>` up (asking the source on a miss, which records the key in `asked`). Fills the
 * cache, uses `key-1` again, adds one more key, then expects `key-1` and the newest to be hits and
 * `key-0` (the least recently used) to be the only key asked for again.
 */
export async function expectLeastRecentlyUsedForgotten(capacity: number, use: (key: string) => Promise<unknown>, asked: readonly string[]): Promise<void> {
  for (let k = 0; k < capacity; k++) await use(`key-${k}`);
  await use('key-1');
  await use('one-more');
  expect(asked).toHaveLength(capacity + 1);
  await use('key-1');
  await use(`key-${capacity - 1}`);
  expect(asked).toHaveLength(capacity + 1);
  await use('key-0');
  expect(asked.slice(capacity + 1)).toEqual(['key-0']);
}
