import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff-delay.js';

describe('backoffDelay', () => {
  it('doubles from the first delay up to the cap, exactly without jitter', () => {
    const schedule = { initialMs: 100, maxMs: 1_000, jitter: false };
    expect([0, 1, 2, 3, 4, 10, 1_000].map((attempt) => backoffDelay(attempt, schedule))).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
    expect(backoffDelay(3, { initialMs: 2_000, maxMs: Number.POSITIVE_INFINITY, jitter: false })).toBe(16_000);
    expect(backoffDelay(2, { initialMs: 100, maxMs: 10_000, factor: 3, jitter: false })).toBe(900);
  });

  it('spreads delays between one and two times the step with jitter, still under the cap', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(2, { initialMs: 100, maxMs: 10_000 }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(400);
    expect(Math.max(...delays)).toBeLessThanOrEqual(800);
    expect(new Set(delays).size).toBeGreaterThan(20);
    expect(Array.from({ length: 50 }, () => backoffDelay(8, { initialMs: 100, maxMs: 1_000 })).every((delay) => delay === 1_000)).toBe(true);
  });
});
