import type { Logger, MarketDataSource } from '@cryptograph/core';
import type { MarketDb } from '../db/market-database.js';
import { saveFeedState, type FeedReport } from './feed-state.repository.js';
import type { FeedMode } from './feed-state.table.js';

/** How often at most the feed's report is written while its clock moves. */
const reportEveryMs = 1000;
/** How often the leader confirms it is alive while its clock stands still. */
export const heartbeatEveryMs = 5000;

/** What a feed says about itself; the reporter persists it for every replica's `marketFeed`. */
export interface FeedReporter {
  /** The feed's clock moved to `clock` in `mode`. */
  advance(clock: Date, mode: FeedMode): void;
  /** The feed changed mode (or speed, or symbols) without its clock moving. */
  set(change: Partial<Pick<FeedReport, 'mode' | 'speed' | 'symbols' | 'clock'>>): void;
  /** The current report. */
  current(): Readonly<FeedReport>;
  /** Stops the heartbeat and writes the latest report. */
  close(): Promise<void>;
}

const sourceOf = (mode: FeedMode): MarketDataSource | null =>
  mode === 'live' ? 'LIVE' : mode === 'replay' ? 'REPLAY' : mode === 'simulated' ? 'SIMULATED' : null;

/**
 * Keeps `market.feed_state` up to date without slowing the feed: writes at most once a second
 * while the clock moves (and at once on a mode change), and a heartbeat every 5 s, so replicas
 * can tell a stalled or dead feed from a running one.
 */
export function createFeedReporter(db: MarketDb, logger: Logger, initial: Pick<FeedReport, 'mode' | 'speed' | 'symbols' | 'leader' | 'clock'>): FeedReporter {
  const report: FeedReport = { ...initial, source: sourceOf(initial.mode), advanced_at: initial.clock ? new Date() : null, heartbeat_at: new Date() };
  let lastWrite = 0;
  let writing: Promise<void> = Promise.resolve();
  const write = () => {
    lastWrite = Date.now();
    report.heartbeat_at = new Date();
    const snapshot = { ...report };
    writing = writing.then(() => saveFeedState(db, snapshot)).catch((error: unknown) => logger.warn({ err: error }, 'feed: could not save its state'));
  };
  const heartbeat = setInterval(() => write(), heartbeatEveryMs);
  heartbeat.unref();
  write();
  const maybeWrite = (force: boolean) => {
    if (force || Date.now() - lastWrite >= reportEveryMs) write();
  };
  return {
    advance(clock, mode) {
      const changed = mode !== report.mode;
      report.clock = clock;
      report.advanced_at = new Date();
      report.mode = mode;
      report.source = sourceOf(mode);
      maybeWrite(changed);
    },
    set(change) {
      Object.assign(report, change);
      if (change.mode) report.source = sourceOf(change.mode);
      maybeWrite(true);
    },
    current: () => report,
    async close() {
      clearInterval(heartbeat);
      write();
      await writing;
    },
  };
}
