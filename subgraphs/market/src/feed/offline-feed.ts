import { assetChangedChannel, candlesChangedChannel, minuteMs, type EventBus } from '@cryptograph/core';
import { activeSymbols } from '../assets/asset.repository.js';
import { newestBars, newestSimulatedEnd, realMinuteBars } from '../candles/candle.repository.js';
import type { SymbolBar } from '../ingest/price-ingestor.js';
import { createFeedPacer } from '../replay/feed-pacer.js';
import { loadReplaySteps } from '../replay/replay-feed.js';
import type { ReplaySpeed } from '../replay/replay-speed.js';
import { loadSimulatedMarkets } from '../simulation/simulation-sources.js';
import type { SimulatedMarket } from '../simulation/simulated-market.js';
import type { FeedDependencies } from './feed-dependencies.js';
import { loadFeedState } from './feed-state.repository.js';

/** Feed minutes between two looks for real data ahead of the clock (and asset changes). */
const lookaheadMinutes = 60;
/** Simulated minutes written in one statement at max speed. */
const maxSpeedBatchSteps = 10;

/** What the offline feed needs. */
export interface OfflineFeedDependencies extends FeedDependencies {
  readonly bus: EventBus;
}

/** How to run the offline feed. */
export interface OfflineFeedOptions {
  readonly speed: ReplaySpeed;
  /** Stop once the feed's clock reaches this time (tests, benchmarks); default never. */
  readonly until?: Date;
}

/** A running offline feed. */
export interface OfflineFeed {
  /** Resolves when the feed stopped (on request, at `until`, or when there is nothing to continue from). */
  readonly finished: Promise<OfflineFeedResult>;
  /** Stops after the minute being played. */
  stop(): Promise<void>;
}

/** What an offline feed played. */
export interface OfflineFeedResult {
  /** Minutes of shipped data replayed (bars stored and published). */
  readonly replayed: number;
  /** Feed minutes past the shipped data (simulated bars, or real bars ahead of the clock replayed). */
  readonly simulated: number;
  /** The feed's clock when it stopped: the start of the last minute it played. */
  readonly clock: Date | null;
}

interface SymbolState {
  /** Close of the last bar of the symbol's timeline the feed knows of, and where that bar ends. */
  lastClose: number;
  lastEnd: number;
  /** End and close of the symbol's newest real bar (real data ahead of the clock pauses the simulation). */
  realEnd: number;
  realClose: number;
}

/**
 * The feed when the exchange is not used: first the shipped minute bars that are newer than each
 * asset's stored timeline (replayed: stored and published as REPLAY), then, forever, one step per
 * feed minute for every tracked asset: a real stored minute bar ahead of the clock is replayed; an
 * asset inside real history that has no minute bars (an imported daily range) waits; otherwise the
 * simulated market continues from the last close with a bar stored as simulated (never over a
 * stored one) and published as SIMULATED. The clock starts after the newest bar of any asset, so
 * time only moves forward, across restarts too; a step is written in one statement, so a restart
 * resumes after the last whole step, without a gap or a duplicate.
 */
export function startOfflineFeed(deps: OfflineFeedDependencies, options: OfflineFeedOptions): OfflineFeed {
  const abort = new AbortController();
  const pacer = createFeedPacer(options.speed, abort.signal);
  const { logger } = deps;
  let refreshNeeded = true;
  const until = options.until?.getTime() ?? Infinity;

  const run = async (): Promise<OfflineFeedResult> => {
    let symbols = await activeSymbols(deps.db);
    deps.reporter?.set({ symbols });
    let clock: Date | null = null;

    const steps = await loadReplaySteps(deps.db, symbols);
    let replayed = 0;
    if (steps.length > 0)
      logger.info(
        { from: steps[0]!.ts.toISOString(), to: steps.at(-1)!.ts.toISOString(), minutes: steps.length, speed: options.speed },
        'replay started: shipped minute data newer than the stored history',
      );
    for (const step of steps) {
      if (step.ts.getTime() > until || !(await pacer.waitFor(step.ts))) return { replayed, simulated: 0, clock };
      await deps.ingestor.ingestMinuteBars(step.bars, 'REPLAY');
      clock = step.ts;
      replayed += 1;
      deps.reporter?.advance(step.ts, 'replay');
      if (replayed % 1440 === 0) logger.info({ replayTime: step.ts.toISOString(), replayed, left: steps.length - replayed }, 'replay progress');
    }
    if (steps.length > 0) logger.info({ replayed }, 'replay reached the end of the shipped minute data: the simulated market takes over');

    const markets = new Map<string, SimulatedMarket>();
    const states = new Map<string, SymbolState>();
    let ahead = new Map<number, SymbolBar[]>();
    let aheadUntil = 0;
    // Where the feed stopped: its saved clock or its newest simulated bar. Without either (a fresh
    // start) it starts after the newest bar of any asset. Real bars after that point are replayed.
    const [saved, simulatedEnd] = [(await loadFeedState(deps.db))?.clock, await newestSimulatedEnd(deps.db)];
    const resumed = Math.max(saved ? saved.getTime() + minuteMs : -Infinity, simulatedEnd?.getTime() ?? -Infinity);
    const fresh = Number.isFinite(resumed) ? [] : await newestBars(deps.db, { symbols });
    let next = Math.max(resumed, ...fresh.map((bar) => bar.end.getTime()), clock ? clock.getTime() + minuteMs : -Infinity);
    if (!Number.isFinite(next)) {
      logger.warn('offline feed: no stored bar of any tracked asset to continue from; seed or import data first');
      return { replayed, simulated: 0, clock };
    }
    next = Math.ceil(next / minuteMs) * minuteMs;
    logger.info({ from: new Date(next).toISOString(), speed: options.speed, symbols }, 'simulated market started: continuing from the last real close');

    const refresh = async (at: number) => {
      symbols = await activeSymbols(deps.db);
      const missing = symbols.filter((symbol) => !markets.has(symbol));
      if (missing.length > 0) for (const [symbol, market] of await loadSimulatedMarkets(deps.db, missing, logger)) markets.set(symbol, market);
      const [all, real] = await Promise.all([newestBars(deps.db, { symbols }), newestBars(deps.db, { symbols, realOnly: true })]);
      const realBySymbol = new Map(real.map((bar) => [bar.symbol, bar]));
      for (const bar of all) {
        const state = states.get(bar.symbol);
        const realBar = realBySymbol.get(bar.symbol);
        if (!state) {
          // An asset joins at the clock, continuing from the end of its own timeline.
          states.set(bar.symbol, {
            lastClose: bar.close,
            lastEnd: bar.end.getTime(),
            realEnd: realBar?.end.getTime() ?? -Infinity,
            realClose: realBar?.close ?? bar.close,
          });
        } else if (realBar) {
          state.realEnd = realBar.end.getTime();
          state.realClose = realBar.close;
        }
      }
      for (const symbol of [...states.keys()]) if (!symbols.includes(symbol)) states.delete(symbol);
      ahead = new Map();
      aheadUntil = at + lookaheadMinutes * minuteMs;
      for (const row of await realMinuteBars(deps.db, symbols, new Date(at), new Date(aheadUntil))) {
        const key = row.bar.ts.getTime();
        ahead.set(key, [...(ahead.get(key) ?? []), row]);
      }
      deps.reporter?.set({ symbols });
      refreshNeeded = false;
    };

    let simulated = 0;
    // At max speed, simulated steps are written and published in batches (one statement each, so
    // still whole steps); paced, every step goes out when it is due.
    const batchSteps = options.speed === 'max' ? maxSpeedBatchSteps : 1;
    let pending: SymbolBar[] = [];
    let pendingSteps = 0;
    const flush = async () => {
      if (pendingSteps === 0) return;
      if (pending.length > 0) await deps.ingestor.ingestSimulatedMinutes(pending);
      deps.reporter?.advance(clock!, 'simulated');
      pending = [];
      pendingSteps = 0;
    };
    for (; next <= until; next += minuteMs) {
      if (refreshNeeded || next >= aheadUntil) {
        await flush();
        await refresh(next);
      }
      const ts = new Date(next);
      // A step that must wait for real time (the simulation caught up with it) goes out unbatched.
      if (next + minuteMs > Date.now()) await flush();
      if (!(await pacer.waitFor(ts))) break;
      const real = ahead.get(next) ?? [];
      const invented: SymbolBar[] = [];
      for (const [symbol, state] of states) {
        if (real.some((row) => row.symbol === symbol)) continue;
        const market = markets.get(symbol);
        if (!market || next < state.realEnd) continue;
        const previousClose = state.realEnd > state.lastEnd ? state.realClose : state.lastClose;
        invented.push({ symbol, bar: market.barAt(ts, previousClose) });
      }
      for (const { symbol, bar } of [...real, ...invented]) {
        const state = states.get(symbol);
        if (state) Object.assign(state, { lastClose: bar.close, lastEnd: bar.ts.getTime() + minuteMs });
      }
      if (real.length > 0) {
        await flush();
        await deps.ingestor.publishStoredBars(real);
        if (invented.length > 0) await deps.ingestor.ingestSimulatedMinutes(invented);
        clock = ts;
        deps.reporter?.advance(ts, invented.length === 0 ? 'replay' : 'simulated');
      } else {
        pending.push(...invented);
        pendingSteps += 1;
        clock = ts;
        if (pendingSteps >= batchSteps) await flush();
      }
      simulated += 1;
      if (simulated % 1440 === 0) logger.info({ feedTime: ts.toISOString(), minutes: simulated }, 'simulated market progress');
    }
    await flush();
    return { replayed, simulated, clock };
  };

  const listening = Promise.all([
    deps.bus.subscribe(candlesChangedChannel, () => (refreshNeeded = true)),
    deps.bus.subscribe(assetChangedChannel, () => (refreshNeeded = true)),
  ]);
  const finished = listening.then(run).finally(async () => {
    for (const unsubscribe of await listening.catch(() => [])) await unsubscribe().catch(() => undefined);
  });
  finished.catch((error: unknown) => logger.error({ err: error }, 'offline feed failed'));
  return {
    finished,
    async stop() {
      abort.abort();
      await finished.catch(() => undefined);
    },
  };
}
