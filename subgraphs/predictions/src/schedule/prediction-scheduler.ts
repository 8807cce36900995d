import {
  assetChangedChannel,
  barClosedChannel,
  candlesChangedChannel,
  priceTickChannel,
  type AssetChangedMessage,
  type CandlesChangedMessage,
  type EventBus,
  type Logger,
} from '@cryptograph/core';
import type { PredictionsSchema } from '../db/predictions-database.js';
import { ensureDefaultModels } from '../defaults/default-models.js';
import { intervalMs } from '../forecasting/bar.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { MarketClient } from '../market/market-client.js';
import { feedTimeOfBarClosed, feedTimeOfTick } from './feed-time.js';
import { initialFeedTime } from './initial-feed-time.js';
import { predictDueBars } from './predict-due-bars.js';
import { realizeDue } from './realize-predictions.js';
import { symbolsWithDuePredictions } from '../predictions/prediction.repository.js';
import { restateCandles } from './restate-candles.js';
import { retrainIfDue } from './retrain-due.js';
import { advanceFeedClock, scheduledModels, setAssetRemoved, storedFeedTime } from './schedule.repository.js';

/** A running scheduler. */
export interface PredictionScheduler {
  /** Resolves when every message received so far has been handled. */
  idle(): Promise<void>;
  /** Feed-time messages (ticks, closed bars) received so far. */
  ticks(): number;
  /** The feed time the scheduler works at (null before the first). */
  feedTime(): Date | null;
  /** Asks for a pass soon (e.g. a model was just promoted). */
  nudge(): void;
  stop(): Promise<void>;
}

/** What the scheduler needs. */
export interface SchedulerDeps {
  readonly db: PredictionsSchema;
  readonly queue: JobQueue;
  readonly bus: EventBus;
  readonly logger: Logger;
  readonly market: MarketClient;
  /** Creates and trains the default models of every asset (DEFAULT_MODELS=on). */
  readonly defaultModels: boolean;
}

const hourMs = 3_600_000;

/**
 * Schedules in feed time, never in wall-clock time: the clock is the newest time the market's bus
 * proves (closed minute bars, price ticks), so it follows a replay at 60×, at full speed, or a live
 * exchange alike, and it is persisted so that a restart resumes where it stopped (a fresh install
 * starts where the stored timeline ends, `initialFeedTime`). Each pass, for
 * every PRODUCTION model of a tracked asset: predicts every bar that closed since the last predicted
 * one (`predictDueBars`), realizes the asset's predictions whose outcome is due, and enqueues the
 * scheduled retraining when `retrainEvery` bars have passed (`retrainIfDue`). Default models are
 * ensured at start, when an asset is added and every hour of feed time. Changed candles reopen the
 * outcomes and mark the forecasts they fed (`restateCandles`). Passes are serialized and coalesced:
 * when the feed outruns them, the next pass catches up on every bar in between.
 */
export async function startPredictionScheduler(deps: SchedulerDeps): Promise<PredictionScheduler> {
  let clock: number | null = (await storedFeedTime(deps.db))?.getTime() ?? null;
  let received = 0;
  let dirty = true;
  let defaultsDue = deps.defaultModels;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const waitingUntil = new Map<string, number>();
  const pendingClock = new Map<string, number>();
  const pendingRestates: CandlesChangedMessage[] = [];

  const pass = async () => {
    for (const [symbol, time] of pendingClock) await advanceFeedClock(deps.db, symbol, new Date(time));
    pendingClock.clear();
    for (const change of pendingRestates.splice(0)) await restateCandles(deps.db, deps.logger, change);
    if (clock === null) {
      const guess = await initialFeedTime(deps.market);
      // A feed message that arrived while the market answered is what the clock follows.
      clock ??= guess;
      if (clock === null) return;
    }
    const now = clock;
    if (defaultsDue) {
      defaultsDue = false;
      await ensureDefaultModels(deps.db, deps.queue, deps.bus, deps.logger, deps.market.latestCandleStart, await deps.market.activeSymbols(), new Date(now));
    }
    for (const scheduled of await scheduledModels(deps.db)) {
      const { model } = scheduled;
      try {
        if ((waitingUntil.get(model.id) ?? 0) <= now) {
          const result = await predictDueBars(deps.db, deps.market.fetchCandles, deps.bus, deps.logger, scheduled, now);
          if (result.waiting) waitingUntil.set(model.id, now + Math.min(intervalMs[model.interval], 5 * 60_000));
          else waitingUntil.delete(model.id);
        }
        await retrainIfDue(deps.db, deps.queue, deps.bus, deps.logger, scheduled, now);
      } catch (error) {
        deps.logger.error({ err: error, modelId: model.id }, 'scheduling a model failed');
      }
    }
    for (const symbol of await symbolsWithDuePredictions(deps.db, new Date(now))) {
      await realizeDue(deps.db, deps.market.fetchCandles, symbol, new Date(now)).catch((error: unknown) =>
        deps.logger.error({ err: error, symbol }, 'realizing predictions failed'),
      );
    }
  };

  const pump = () => {
    running = running.then(async () => {
      while (dirty && !stopped) {
        dirty = false;
        try {
          await pass();
        } catch (error) {
          deps.logger.error({ err: error }, 'a scheduling pass failed');
        }
      }
    });
  };
  const request = () => {
    dirty = true;
    pump();
  };
  const observe = (proved: { symbol: string; time: number } | null) => {
    if (!proved) return;
    received += 1;
    pendingClock.set(proved.symbol, Math.max(pendingClock.get(proved.symbol) ?? 0, proved.time));
    if (clock === null || proved.time > clock) {
      if (deps.defaultModels && clock !== null && Math.floor(proved.time / hourMs) > Math.floor(clock / hourMs)) defaultsDue = true;
      clock = proved.time;
      request();
    }
  };

  const unsubscribes = [
    await deps.bus.subscribe(priceTickChannel, (message) => observe(feedTimeOfTick(message))),
    await deps.bus.subscribe(barClosedChannel, (message) => observe(feedTimeOfBarClosed(message))),
    await deps.bus.subscribe(candlesChangedChannel, (message) => {
      const change = message as Partial<CandlesChangedMessage> | null;
      if (typeof change?.symbol !== 'string' || Number.isNaN(Date.parse(String(change.from))) || Number.isNaN(Date.parse(String(change.to)))) return;
      pendingRestates.push(change as CandlesChangedMessage);
      request();
    }),
    await deps.bus.subscribe(assetChangedChannel, (message) => {
      const change = message as Partial<AssetChangedMessage> | null;
      if (typeof change?.symbol !== 'string' || (change.change !== 'added' && change.change !== 'removed')) return;
      const symbol = change.symbol.toUpperCase();
      running = running
        .then(() => setAssetRemoved(deps.db, symbol, change.change === 'removed'))
        .catch((error: unknown) => deps.logger.error({ err: error, symbol }, 'recording an asset change failed'));
      if (change.change === 'added' && deps.defaultModels) defaultsDue = true;
      request();
    }),
  ];
  request();

  return {
    ticks: () => received,
    feedTime: () => (clock === null ? null : new Date(clock)),
    nudge: request,
    idle: async () => {
      let seen: Promise<void>;
      do {
        seen = running;
        await seen;
      } while (seen !== running || dirty);
    },
    stop: async () => {
      stopped = true;
      for (const unsubscribe of unsubscribes) await unsubscribe();
      await running;
    },
  };
}
