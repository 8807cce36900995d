import { describe, expect, it } from 'vitest';
import { RetrySchedule } from './retry-schedule.js';

describe('RetrySchedule', () => {
  it('runs every retry scheduled during one backoff together, backs off further after each round, and starts over after a success', async () => {
    const schedule = new RetrySchedule({ initialMs: 10, maxMs: 1_000 });
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
