import type { EventBus } from '@cryptograph/core';
import { hostname } from 'node:os';
import { activeSymbols } from '../assets/asset.repository.js';
import type { MarketEnv } from '../env.js';
import { createCoinbaseRest } from '../exchange/coinbase-rest.js';
import { startLiveFeed } from '../exchange/live-feed.js';
import { startFeedLeader, type FeedLeader, type LeaderWork } from '../leader/feed-leader.js';
import type { FeedDependencies } from './feed-dependencies.js';
import { createFeedReporter } from './feed-reporter.js';
import { startOfflineFeed, type OfflineFeedResult } from './offline-feed.js';
import { superviseOfflineFeed } from './supervised-offline-feed.js';

/** The settings that choose and shape the feed. */
export type FeedSettings = Pick<
  MarketEnv,
  | 'REPLAY_SPEED'
  | 'EXCHANGE_FEED'
  | 'EXCHANGE_WS_URL'
  | 'EXCHANGE_REST_URL'
  | 'EXCHANGE_PROBE_TIMEOUT_MS'
  | 'EXCHANGE_REQUESTS_PER_SECOND'
  | 'BACKFILL_MINUTES_DAYS'
  | 'FEED_LEADER_CHECK_MS'
> & { readonly REPLAY_UNTIL?: Date | undefined };

/** What the feed needs from the service: what every feed writes through, and the election's bus. */
export interface MarketFeedDependencies extends Omit<FeedDependencies, 'reporter'> {
  readonly embedded: boolean;
  readonly bus: EventBus;
  /** Told what an offline feed of this process played, each time one ends (stopped, or REPLAY_UNTIL reached). */
  readonly offlineFeedEnded?: (result: OfflineFeedResult) => void;
}

/** The feed of this process: its election, or none when the feed is off. */
export interface MarketFeedHandle {
  /** Null when the feed is configured off. */
  readonly leader: FeedLeader | null;
  stop(): Promise<void>;
}

/** `off` when the settings turn the feed off, else what the leader tries first. */
export function feedPlan(settings: Pick<FeedSettings, 'EXCHANGE_FEED' | 'REPLAY_SPEED'>): 'off' | 'auto' | 'coinbase' | 'replay' {
  if (settings.EXCHANGE_FEED === 'off') return 'off';
  if (settings.EXCHANGE_FEED !== 'coinbase' && settings.REPLAY_SPEED === 0) return 'off';
  return settings.EXCHANGE_FEED;
}

/**
 * Starts the market feed under leader election (one feed per installation). The leader runs, by
 * EXCHANGE_FEED: `coinbase` the live feed; `replay` the offline feed; `auto` probes the exchange's
 * REST API for at most EXCHANGE_PROBE_TIMEOUT_MS and runs the live feed when it answers, else says
 * so once in the log and runs the offline feed. `off` (or REPLAY_SPEED=0 without a forced live
 * feed, which keeps tests and tools quiet) runs nothing. Symbols are the tracked assets when the
 * feed starts; the offline feed also follows assets added or removed later.
 */
export function startMarketFeed(settings: FeedSettings, deps: MarketFeedDependencies): MarketFeedHandle {
  const { logger } = deps;
  const plan = feedPlan(settings);
  if (plan === 'off') {
    logger.info({ EXCHANGE_FEED: settings.EXCHANGE_FEED, REPLAY_SPEED: settings.REPLAY_SPEED }, 'market feed off');
    return { leader: null, stop: async () => {} };
  }
  const leaderId = `${hostname()}:${process.pid}`;
  const rest = createCoinbaseRest({ baseUrl: settings.EXCHANGE_REST_URL, requestsPerSecond: settings.EXCHANGE_REQUESTS_PER_SECOND, logger });

  const lead = async (): Promise<LeaderWork> => {
    const symbols = await activeSymbols(deps.db);
    let live = plan === 'coinbase';
    if (plan === 'auto') {
      try {
        const time = await rest.serverTime(settings.EXCHANGE_PROBE_TIMEOUT_MS);
        logger.info({ url: settings.EXCHANGE_REST_URL, exchangeTime: time.toISOString() }, 'market feed: the exchange answers; going live');
        live = true;
      } catch (error) {
        logger.warn(
          { url: settings.EXCHANGE_REST_URL, timeoutMs: settings.EXCHANGE_PROBE_TIMEOUT_MS, reason: (error as Error).message },
          'market feed: the exchange did not answer; falling back to the offline feed (replay, then the simulated market)',
        );
      }
    }
    const reporter = createFeedReporter(deps.db, logger, {
      mode: live ? 'live' : 'simulated',
      speed: live ? 1 : settings.REPLAY_SPEED === 'max' ? null : settings.REPLAY_SPEED,
      symbols,
      leader: leaderId,
      clock: null,
    });
    const feed = live
      ? startLiveFeed({
          db: deps.db,
          rest,
          ingestor: deps.ingestor,
          logger,
          reporter,
          wsUrl: settings.EXCHANGE_WS_URL,
          symbols,
          minuteDays: settings.BACKFILL_MINUTES_DAYS,
        })
      : superviseOfflineFeed(
          () =>
            startOfflineFeed(
              { db: deps.db, ingestor: deps.ingestor, bus: deps.bus, logger, reporter },
              { speed: settings.REPLAY_SPEED, ...(settings.REPLAY_UNTIL ? { until: settings.REPLAY_UNTIL } : {}) },
            ),
          logger,
        );
    if ('finished' in feed)
      void feed.finished.then(
        (result) => {
          reporter.set({ mode: 'off' });
          deps.offlineFeedEnded?.(result);
        },
        () => reporter.set({ mode: 'off' }),
      );
    return {
      async stop() {
        await feed.stop();
        reporter.set({ mode: 'off' });
        await reporter.close();
      },
    };
  };

  const leader = startFeedLeader({ db: deps.db, embedded: deps.embedded, logger, checkEveryMs: settings.FEED_LEADER_CHECK_MS, lead });
  return { leader, stop: () => leader.stop() };
}
