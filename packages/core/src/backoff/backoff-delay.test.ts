import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff-delay.js';

describe('backoffDelay', () => {
  it('doubles from the first delay up to the cap, exactly without jitter', () => {
    const schedule = { initialMs: 100, maxMs: 1_000, jitter: false };
    expect([0, 1, 2, 3, 4, 10, 1_000].map((attempt) => backoffDelay(attempt, schedule))).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
    expect(backoffDelay(3, { initialMs: 2_000, maxMs: Number.POSITIVE_INFINITY, jitter: false })).toBe(16_000);
    expect(backoffDelay(2, { initialMs: 100, maxMs: 10_000, factor: 3, jitter: false })).toBe(900);
  });

  it('with jitter, lies between the step and twice the step below the cap, and between half the cap and the cap at it', () => {
    const schedule = { initialMs: 100, maxMs: 1_000 };
    const lowest = [0, 1, 2, 3, 4, 1_000].map((attempt) => backoffDelay(attempt, schedule, () => 0));
    const highest = [0, 1, 2, 3, 4, 1_000].map((attempt) => backoffDelay(attempt, schedule, () => 1));
    expect(lowest).toEqual([100, 200, 400, 500, 500, 500]);
    expect(highest).toEqual([200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('spreads delays at random below the cap', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(2, { initialMs: 100, maxMs: 10_000 }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(400);
    expect(Math.max(...delays)).toBeLessThanOrEqual(800);
    expect(new Set(delays).size).toBeGreaterThan(20);
  });

  it('keeps spreading delays at the cap, so clients that failed together do not retry in step', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(8, { initialMs: 500, maxMs: 5_000 }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2_500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(5_000);
    expect(new Set(delays).size).toBeGreaterThan(20);
  });
});
