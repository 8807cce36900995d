import { newestBars } from '../candles/candle.repository.js';
import type { MarketDb } from '../db/market-database.js';
import { openCandleFile, readCandleCsv } from '../import/candle-csv.js';
import type { SymbolBar } from '../ingest/price-ingestor.js';
import { shippedFile } from '../seed/shipped-data.js';

/** One replay-clock minute: the bars of every symbol that start then. */
export interface ReplayStep {
  readonly ts: Date;
  readonly bars: SymbolBar[];
}

/**
 * The shipped minute bars still to be played as a live feed: for each symbol, those that start
 * after the end of its newest stored bar (daily or minute, real or simulated), merged by time. The
 * replay never plays a bar older than what the asset's timeline already holds, so a restart
 * resumes where replay time stopped and a fully seeded installation has nothing to replay.
 */
export async function loadReplaySteps(db: MarketDb, symbols: readonly string[]): Promise<ReplayStep[]> {
  const byTime = new Map<number, ReplayStep>();
  const newest = new Map((await newestBars(db, { symbols })).map((bar) => [bar.symbol, bar.end.getTime()]));
  for (const symbol of symbols) {
    const file = shippedFile(symbol, '1m');
    if (!file) continue;
    const end = newest.get(symbol) ?? -Infinity;
    const { bars } = await readCandleCsv(openCandleFile(file), '1m');
    for (const bar of bars) {
      if (bar.ts.getTime() < end) continue;
      const key = bar.ts.getTime();
      let step = byTime.get(key);
      if (!step) byTime.set(key, (step = { ts: bar.ts, bars: [] }));
      step.bars.push({ symbol, bar });
    }
  }
  return [...byTime.values()].sort((a, b) => a.ts.getTime() - b.ts.getTime());
}
