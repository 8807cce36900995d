import { createLogger } from '@cryptograph/core';
import { describe, expect, it } from 'vitest';
import type { OfflineFeed, OfflineFeedResult } from './offline-feed.js';
import { superviseOfflineFeed } from './supervised-offline-feed.js';

const logger = createLogger('test', 'silent');
const backoff = { initialMs: 20, maxMs: 80, healthyAfterMs: 10_000 };
const result: OfflineFeedResult = { replayed: 0, simulated: 3, clock: new Date('2024-07-01T00:03:00Z') };

/** Feeds whose outcomes the test scripts: each start takes the next outcome. */
function scriptedFeeds(outcomes: ('fail' | 'finish' | 'run')[]) {
  const starts: number[] = [];
  let stops = 0;
  const start = (): OfflineFeed => {
    starts.push(Date.now());
    const outcome = outcomes.shift() ?? 'run';
    let end: (value: OfflineFeedResult) => void = () => undefined;
    const finished =
      outcome === 'fail'
        ? Promise.reject(new Error('Connection is closed.'))
        : outcome === 'finish'
          ? Promise.resolve(result)
          : new Promise<OfflineFeedResult>((resolve) => (end = resolve));
    finished.catch(() => undefined);
    return {
      finished,
      stop: async () => {
        stops += 1;
        end(result);
      },
    };
  };
  return { start, starts, stops: () => stops };
}

describe('supervised offline feed', () => {
  it('starts a failed feed again with a growing backoff, and resolves when a feed ends by itself', async () => {
    const feeds = scriptedFeeds(['fail', 'fail', 'fail', 'finish']);
    const feed = superviseOfflineFeed(feeds.start, logger, backoff);
    expect(await feed.finished).toEqual(result);
    expect(feeds.starts).toHaveLength(4);
    const gaps = feeds.starts.slice(1).map((at, index) => at - feeds.starts[index]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(15);
    expect(gaps[1]).toBeGreaterThanOrEqual(35);
    expect(gaps[2]).toBeGreaterThanOrEqual(70);
  });

  it('stops the running feed, and stops waiting to restart one', async () => {
    const running = scriptedFeeds(['run']);
    const feed = superviseOfflineFeed(running.start, logger, backoff);
    await feed.stop();
    expect(running.stops()).toBe(1);
    await expect(feed.finished).resolves.toEqual(result);

    const failing = scriptedFeeds(['fail', 'run']);
    const waiting = superviseOfflineFeed(failing.start, logger, { ...backoff, initialMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const stoppedAt = Date.now();
    await waiting.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);
    expect(failing.starts).toHaveLength(1);
  });
});
