import { describe, expect, it } from 'vitest';
import { createFeedPacer } from './feed-pacer.js';

const minute = 60_000;

describe('feed pacer', () => {
  it('plays past minutes at once at max speed, and at the feed speed otherwise', async () => {
    const max = createFeedPacer('max', new AbortController().signal);
    const started = Date.now();
    for (let k = 0; k < 100; k++) expect(await max.waitFor(new Date(Date.parse('2024-07-01T00:00:00Z') + k * minute))).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    // 60×: a feed minute per second.
    const paced = createFeedPacer(60, new AbortController().signal);
    await paced.waitFor(new Date('2024-07-01T00:00:00Z'));
    const first = Date.now();
    await paced.waitFor(new Date('2024-07-01T00:01:00Z'));
    expect(Date.now() - first).toBeGreaterThanOrEqual(900);
  });

  it('never runs ahead of real time: a minute is due no earlier than its wall-clock end, at any speed', async () => {
    for (const speed of ['max', 60] as const) {
      const pacer = createFeedPacer(speed, new AbortController().signal);
      // The minute ends 600 ms from now.
      const ts = new Date(Date.now() - minute + 600);
      const started = Date.now();
      expect(await pacer.waitFor(ts)).toBe(true);
      expect(Date.now() - started, String(speed)).toBeGreaterThanOrEqual(550);
    }
  });

  it('stops waiting when aborted', async () => {
    const abort = new AbortController();
    const pacer = createFeedPacer('max', abort.signal);
    const waiting = pacer.waitFor(new Date(Date.now() + 10 * minute));
    abort.abort();
    expect(await waiting).toBe(false);
  });
});
