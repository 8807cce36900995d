import { describe, expect, it } from 'vitest';
import { createInFlightDeduplicator } from './in-flight.js';

describe('in-flight deduplication', () => {
  it('shares one call among concurrent identical keys of one scope and starts anew once settled', async () => {
    const dedupe = createInFlightDeduplicator<number>();
    let started = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++started), 10));
    const calls = [dedupe('s', 'a', slow), dedupe('s', 'a', slow), dedupe('s', 'b', slow), dedupe('t', 'a', slow)];
    expect([dedupe.has('s', 'a'), dedupe.has('s', 'c'), dedupe.has('t', 'a'), dedupe.has('u', 'a')]).toEqual([true, false, true, false]);
    const [first, second, other, otherScope] = await Promise.all(calls);
    expect(dedupe.has('s', 'a')).toBe(false);
    expect(second).toBe(first);
    expect(other).not.toBe(first);
    expect(otherScope).not.toBe(first);
    expect(started).toBe(3);
    expect(await dedupe('s', 'a', slow)).toBe(4);
  });

  it('does not cache failures', async () => {
    const dedupe = createInFlightDeduplicator<string>();
    await expect(dedupe('s', 'k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await dedupe('s', 'k', () => Promise.resolve('ok'))).toBe('ok');
  });

  it('keeps nothing once every call settled, whatever the number of scopes', async () => {
    const dedupe = createInFlightDeduplicator<number>();
    await Promise.all(Array.from({ length: 100 }, (_, index) => dedupe(`user ${index}`, 'same body', () => Promise.resolve(index))));
    await Promise.all(Array.from({ length: 100 }, (_, index) => dedupe(`user ${index}`, 'same body', () => Promise.resolve(-index))));
    expect(Array.from({ length: 100 }, (_, index) => dedupe.has(`user ${index}`, 'same body')).some(Boolean)).toBe(false);
  });

  it('after forget, later calls start their own; the forgotten call still answers its callers and never removes the new one', async () => {
    const dedupe = createInFlightDeduplicator<string>();
    const release: Record<string, () => void> = {};
    const call = (value: string) => () => new Promise<string>((resolve) => (release[value] = () => resolve(value)));
    const before = dedupe('s', 'k', call('old'));
    dedupe.forget();
    expect(dedupe.has('s', 'k')).toBe(false);
    const after = dedupe('s', 'k', call('new'));
    release.old!();
    expect(await before).toBe('old');
    // The forgotten call settled: the new one is still shared.
    expect(dedupe.has('s', 'k')).toBe(true);
    const joined = dedupe('s', 'k', call('unused'));
    release.new!();
    expect([await after, await joined]).toEqual(['new', 'new']);
  });
});
