import { backoffDelay, type Logger } from '@cryptograph/core';
import type { OfflineFeed, OfflineFeedResult } from './offline-feed.js';

/** Backoff of the offline feed's restarts, in milliseconds. */
export interface FeedRestartBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
  /** A feed that ran this long before failing starts the backoff over. */
  readonly healthyAfterMs: number;
}

const defaultBackoff: FeedRestartBackoff = { initialMs: 1_000, maxMs: 30_000, healthyAfterMs: 60_000 };

/**
 * Keeps the offline feed running through failures: when a step fails (Postgres or Redis gone in the
 * middle of it), the feed is started again after a backoff (1 s doubling to 30 s) and resumes after
 * its last whole step, so an outage pauses the feed instead of ending it for good. `finished`
 * resolves when the feed ends by itself (REPLAY_UNTIL) or is stopped. Written here rather than with
 * p-retry: the backoff must start over after a feed that ran well for a while, which p-retry's
 * attempt count does not do.
 */
export function superviseOfflineFeed(start: () => OfflineFeed, logger: Logger, backoff: FeedRestartBackoff = defaultBackoff): OfflineFeed {
  let stopped = false;
  let current: OfflineFeed | undefined;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async (): Promise<OfflineFeedResult> => {
    let failures = 0;
    for (;;) {
      const startedAt = Date.now();
      current = start();
      try {
        return await current.finished;
      } catch (error) {
        if (stopped) throw error;
        failures = Date.now() - startedAt >= backoff.healthyAfterMs ? 1 : failures + 1;
        // One leader runs the feed, so there is no crowd to spread: the shared backoff without jitter.
        const delayMs = backoffDelay(failures - 1, { initialMs: backoff.initialMs, maxMs: backoff.maxMs, jitter: false });
        logger.warn({ err: error, restartInMs: delayMs }, 'offline feed stopped by an error; it starts again after its last whole step');
        await pause(delayMs);
        if (stopped) return { replayed: 0, simulated: 0, clock: null };
      }
    }
  };

  const finished = run();
  return {
    finished,
    async stop() {
      stopped = true;
      wake?.();
      await current?.stop();
      await finished.catch(() => undefined);
    },
  };
}
