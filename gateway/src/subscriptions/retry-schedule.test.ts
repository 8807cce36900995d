import { describe, expect, it } from 'vitest';
import { retryDelay, RetrySchedule } from './retry-schedule.js';

describe('retryDelay', () => {
  const bounds = { initialMs: 250, maxMs: 3_000 };

  it('doubles from the initial delay up to the cap, jittered between half and all of it', () => {
    expect([0, 1, 2, 3, 4, 10, 1_000].map((failures) => retryDelay(failures, bounds, () => 1))).toEqual([250, 500, 1_000, 2_000, 3_000, 3_000, 3_000]);
    expect([0, 4].map((failures) => retryDelay(failures, bounds, () => 0))).toEqual([125, 1_500]);
  });
});

describe('RetrySchedule', () => {
  it('runs every retry scheduled during one backoff together, backs off further after each round, and starts over after a success', async () => {
    const schedule = new RetrySchedule({ initialMs: 20, maxMs: 1_000 });
    const ran: string[] = [];
    schedule.schedule(() => ran.push('a'));
    schedule.schedule(() => ran.push('b'));
    const cancel = schedule.schedule(() => ran.push('c'));
    cancel();
    expect(schedule.failures).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(ran).toEqual(['a', 'b']);
    schedule.schedule(() => ran.push('d'));
    expect(schedule.failures).toBe(2);
    schedule.succeeded();
    expect(schedule.failures).toBe(0);
    schedule.cancel();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ran).toEqual(['a', 'b']);
  });
});
