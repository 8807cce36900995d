import type { Logger } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import { latestCandleTs } from '../candles/candle.repository.js';
import type { Bar } from '../candles/candle.table.js';
import type { MarketDatabase } from '../db/market-database.js';
import { openCandleFile, readCandleCsv } from '../import/candle-csv.js';
import type { PriceIngestor } from '../ingest/price-ingestor.js';
import { shippedFile } from '../seed/shipped-data.js';
import type { ReplaySpeed } from './replay-speed.js';

/** One replay-clock minute: the bars of every symbol that start then. */
interface ReplayStep {
  readonly ts: Date;
  readonly bars: { symbol: string; bar: Bar }[];
}

/** A running replay. */
export interface ReplayFeed {
  /** Resolves when the replay reached the end of the data or was stopped: how many minutes it played. */
  readonly finished: Promise<{ minutes: number; ended: boolean }>;
  /** Stops after the minute being played. */
  stop(): Promise<void>;
}

/** What to replay and how fast. */
export interface ReplayOptions {
  readonly speed: ReplaySpeed;
  /** Symbols to replay (those with shipped minute data are played). */
  readonly symbols: readonly string[];
}

/**
 * Loads the replay timeline: for each symbol, the shipped minute bars after its latest stored one
 * (so a restart resumes where replay time stopped), merged by time.
 */
export async function loadReplaySteps(db: Kysely<MarketDatabase>, symbols: readonly string[]): Promise<ReplayStep[]> {
  const byTime = new Map<number, ReplayStep>();
  for (const symbol of symbols) {
    const file = shippedFile(symbol, '1m');
    if (!file) continue;
    const latest = await latestCandleTs(db, symbol, '1m');
    const { bars } = await readCandleCsv(openCandleFile(file), '1m');
    for (const bar of bars) {
      if (latest && bar.ts <= latest) continue;
      const key = bar.ts.getTime();
      let step = byTime.get(key);
      if (!step) byTime.set(key, (step = { ts: bar.ts, bars: [] }));
      step.bars.push({ symbol, bar });
    }
  }
  return [...byTime.values()].sort((a, b) => a.ts.getTime() - b.ts.getTime());
}

/**
 * Plays the shipped minute candles as a live feed in replay time: the data's own timestamps are
 * the clock, `speed` data-seconds pass per second (`max`: no waiting), each bar is upserted and its
 * close published through the ingestor when its minute comes. At the end of the data the replay
 * stops and logs it; the cache keeps the last prices and a restart finds nothing left to play.
 */
export function startReplay(deps: { db: Kysely<MarketDatabase>; ingestor: PriceIngestor; logger: Logger }, options: ReplayOptions): ReplayFeed {
  const abort = new AbortController();
  const run = async () => {
    const steps = await loadReplaySteps(deps.db, options.symbols);
    const first = steps[0];
    if (!first) {
      deps.logger.info('replay: nothing left to play (the shipped minute data has been replayed)');
      return { minutes: 0, ended: true };
    }
    deps.logger.info({ from: first.ts.toISOString(), to: steps.at(-1)!.ts.toISOString(), minutes: steps.length, speed: options.speed }, 'replay started');
    const wallStart = performance.now();
    let played = 0;
    for (const step of steps) {
      if (abort.signal.aborted) break;
      if (options.speed === 'max') await yieldToEventLoop();
      else {
        const due = wallStart + (step.ts.getTime() - first.ts.getTime()) / options.speed;
        const wait = due - performance.now();
        if (wait > 0) {
          try {
            await sleep(wait, undefined, { signal: abort.signal });
          } catch {
            break;
          }
        }
      }
      await deps.ingestor.ingestMinuteBars(step.bars);
      played += 1;
      if (played % 1440 === 0) deps.logger.info({ replayTime: step.ts.toISOString(), played, left: steps.length - played }, 'replay progress');
    }
    const ended = played === steps.length;
    deps.logger.info({ played, replayTime: steps[played - 1]?.ts.toISOString() }, ended ? 'replay finished: reached the end of the shipped minute data' : 'replay stopped');
    return { minutes: played, ended };
  };
  const finished = run();
  finished.catch((error: unknown) => deps.logger.error({ err: error }, 'replay failed'));
  return {
    finished,
    async stop() {
      abort.abort();
      await finished.catch(() => undefined);
    },
  };
}
