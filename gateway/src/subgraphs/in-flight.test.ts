import { describe, expect, it } from 'vitest';
import { createInFlightDeduplicator } from './in-flight.js';

describe('in-flight deduplication', () => {
  it('shares one call among concurrent identical keys and starts anew once settled', async () => {
    const dedupe = createInFlightDeduplicator<number>();
    let started = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++started), 10));
    const calls = [dedupe('a', slow), dedupe('a', slow), dedupe('b', slow)];
    expect([dedupe.has('a'), dedupe.has('c')]).toEqual([true, false]);
    const [first, second, other] = await Promise.all(calls);
    expect(dedupe.has('a')).toBe(false);
    expect(second).toBe(first);
    expect(other).not.toBe(first);
    expect(started).toBe(2);
    expect(await dedupe('a', slow)).toBe(3);
  });

  it('does not cache failures', async () => {
    const dedupe = createInFlightDeduplicator<string>();
    await expect(dedupe('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await dedupe('k', () => Promise.resolve('ok'))).toBe('ok');
  });

  it('after forget, later calls start their own; the forgotten call still answers its callers and never removes the new one', async () => {
    const dedupe = createInFlightDeduplicator<string>();
    const release: Record<string, () => void> = {};
    const call = (value: string) => () => new Promise<string>((resolve) => (release[value] = () => resolve(value)));
    const before = dedupe('k', call('old'));
    dedupe.forget();
    expect(dedupe.has('k')).toBe(false);
    const after = dedupe('k', call('new'));
    release.old!();
    expect(await before).toBe('old');
    // The forgotten call settled: the new one is still shared.
    expect(dedupe.has('k')).toBe(true);
    const joined = dedupe('k', call('unused'));
    release.new!();
    expect([await after, await joined]).toEqual(['new', 'new']);
  });
});
