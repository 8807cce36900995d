import { intervalMs, type Bar, type Interval } from '../forecasting/bar.js';
import type { FetchCandles } from '../market/market-client.js';

/** Complete bars known at `asOf`: those that end at or before it, with `history` bars before the last. */
export async function barsKnownAt(fetchCandles: FetchCandles, symbol: string, interval: Interval, asOf: Date, history: number): Promise<Bar[]> {
  const step = intervalMs[interval];
  const end = Math.floor(asOf.getTime() / step) * step;
  const bars = await fetchCandles(symbol, interval, new Date(end - history * step), new Date(end));
  return bars.filter((bar) => bar.ts + step <= asOf.getTime());
}
