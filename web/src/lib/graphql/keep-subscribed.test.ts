import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './keep-subscribed.js';

describe('retryDelayMs', () => {
  it('waits 0.5 s to 1 s before the first resubscription, doubling up to 2.5 s to 5 s, spread at random also at the cap', () => {
    const first = Array.from({ length: 100 }, () => retryDelayMs(0));
    expect(Math.min(...first)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...first)).toBeLessThanOrEqual(1_000);
    expect(new Set(first).size).toBeGreaterThan(10);
    const third = Array.from({ length: 100 }, () => retryDelayMs(2));
    expect(Math.min(...third)).toBeGreaterThanOrEqual(2_000);
    expect(Math.max(...third)).toBeLessThanOrEqual(4_000);
    const capped = Array.from({ length: 100 }, () => retryDelayMs(9));
    expect(Math.min(...capped)).toBeGreaterThanOrEqual(2_500);
    expect(Math.max(...capped)).toBeLessThanOrEqual(5_000);
    expect(new Set(capped).size).toBeGreaterThan(10);
  });
});
