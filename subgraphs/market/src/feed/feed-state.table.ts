import type { Generated, Selectable } from 'kysely';
import type { MarketDataSource } from '@cryptograph/core';

/** What the feed is doing: `live` exchange data, `replay` of real bars, `simulated` continuation, or `off`. */
export type FeedMode = 'live' | 'replay' | 'simulated' | 'off';

/** The one-row `market.feed_state` table: the running feed's report, written by the leader. */
export interface FeedStateTable {
  id: Generated<boolean>;
  mode: FeedMode;
  source: MarketDataSource | null;
  /** Feed seconds per wall-clock second; null at `max` speed or when off. */
  speed: number | null;
  /** The feed's clock: the time of its newest tick. */
  clock: Date | null;
  symbols: string[];
  /** Which process runs the feed (host and pid). */
  leader: string;
  /** Wall-clock time the clock last moved. */
  advanced_at: Date | null;
  /** Wall-clock time of the leader's last report. */
  heartbeat_at: Date;
}

/** One row of `market.feed_state`. */
export type FeedStateRow = Selectable<FeedStateTable>;
