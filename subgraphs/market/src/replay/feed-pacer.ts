import { minuteMs } from '@cryptograph/core';
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
 * so the feed never sleeps through the gap. Feed time never runs ahead of real time: a minute is
 * due no earlier than its wall-clock end, so a simulation that continues live data (the exchange
 * became unreachable) plays at real time, and going live again only ever moves the clock forward.
 */
export function createFeedPacer(speed: ReplaySpeed, signal: AbortSignal): FeedPacer {
  let wallStart: number | null = null;
  let elapsedMs = 0;
  let previous: number | null = null;
  const pause = async (ms: number) => {
    try {
      await sleep(ms, undefined, { signal });
      return true;
    } catch {
      return false;
    }
  };
  return {
    async waitFor(ts) {
      if (signal.aborted) return false;
      const untilReal = ts.getTime() + minuteMs - Date.now();
      if (speed === 'max' || speed === 0) {
        if (untilReal > 0) return pause(untilReal);
        await yieldToEventLoop();
        return !signal.aborted;
      }
      const current = performance.now();
      if (previous === null || wallStart === null) wallStart = current;
      else elapsedMs += Math.min(Math.max(ts.getTime() - previous, 0), minuteMs);
      previous = ts.getTime();
      const wait = Math.max(wallStart + elapsedMs / speed - current, untilReal);
      return wait <= 0 ? true : pause(wait);
    },
  };
}
