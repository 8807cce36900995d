import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import type { ReplaySpeed } from './replay-speed.js';

/** Paces a feed in feed time; resolves false when aborted. */
export interface FeedPacer {
  /** Waits until the minute starting at `ts` is due (at `max` speed: yields to the event loop). */
  waitFor(ts: Date): Promise<boolean>;
}

/**
 * Plays feed time at `speed` feed-seconds per wall-clock second. A jump in feed time (the
 * simulation starting after the real history, real data ahead of the clock) counts as one minute,
 * so the feed never sleeps through the gap.
 */
export function createFeedPacer(speed: ReplaySpeed, signal: AbortSignal): FeedPacer {
  let wallStart: number | null = null;
  let elapsedMs = 0;
  let previous: number | null = null;
  return {
    async waitFor(ts) {
      if (signal.aborted) return false;
      if (speed === 'max' || speed === 0) {
        await yieldToEventLoop();
        return !signal.aborted;
      }
      const now = performance.now();
      if (previous === null || wallStart === null) wallStart = now;
      else elapsedMs += Math.min(Math.max(ts.getTime() - previous, 0), 60_000);
      previous = ts.getTime();
      const wait = wallStart + elapsedMs / speed - now;
      if (wait <= 0) return true;
      try {
        await sleep(wait, undefined, { signal });
        return true;
      } catch {
        return false;
      }
    },
  };
}
