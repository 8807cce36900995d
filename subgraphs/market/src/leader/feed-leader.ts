import type { Logger } from '@cryptograph/core';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MarketSchema } from '../db/market-database.js';
import { withAdvisoryLock } from './advisory-lock.repository.js';

/** Arbitrary constant key of the advisory lock that elects the one feed of an installation (per database). */
export const feedLockKey = 72_416_002;

/** Something the leader runs and stops. */
export interface LeaderWork {
  stop(): Promise<void>;
}

/** How the election runs. */
export interface FeedLeaderOptions {
  readonly db: MarketSchema;
  /** The embedded database belongs to one process: that process is the leader. */
  readonly embedded: boolean;
  readonly logger: Logger;
  /** How often a follower tries to take over, and the leader checks that it still holds the lock. */
  readonly checkEveryMs: number;
  /** Starts the feed once this process leads. */
  readonly lead: () => Promise<LeaderWork>;
}

/** A running election. */
export interface FeedLeader {
  /** True while this process runs the feed. */
  isLeader(): boolean;
  /** Stops the feed (if leading) and the election. */
  stop(): Promise<void>;
}

/**
 * Elects the one process of an installation that runs the feed: a session advisory lock on a
 * dedicated Postgres connection. The leader checks its connection every `checkEveryMs` and stops
 * the feed as soon as it fails (the lock may be gone); followers try to take the lock as often, so
 * when the leader dies Postgres drops its session and another replica leads within that period.
 * On the embedded database there is one process, which leads at once.
 */
export function startFeedLeader(options: FeedLeaderOptions): FeedLeader {
  const { logger } = options;
  const abort = new AbortController();
  let leading = false;
  let work: LeaderWork | null = null;

  const lead = async (stillHeld: () => Promise<void>) => {
    leading = true;
    logger.info('feed: this process leads the feed');
    try {
      work = await options.lead();
      while (!abort.signal.aborted) {
        await sleep(options.checkEveryMs, undefined, { signal: abort.signal }).catch(() => undefined);
        if (!abort.signal.aborted) await stillHeld();
      }
    } finally {
      leading = false;
      const running = work;
      work = null;
      await running?.stop();
    }
  };

  const loop = (async () => {
    if (options.embedded) {
      await lead(async () => {});
      return;
    }
    let reportedFollower = false;
    while (!abort.signal.aborted) {
      try {
        const led = await withAdvisoryLock(options.db, feedLockKey, lead);
        if (!led && !reportedFollower) {
          logger.info('feed: another replica leads the feed; this one stands by');
          reportedFollower = true;
        }
        if (led) reportedFollower = false;
      } catch (error) {
        if (!abort.signal.aborted) logger.warn({ err: error }, 'feed: lost the leader lock (database connection failed); standing by');
      }
      await sleep(options.checkEveryMs, undefined, { signal: abort.signal }).catch(() => undefined);
    }
  })();

  return {
    isLeader: () => leading,
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
