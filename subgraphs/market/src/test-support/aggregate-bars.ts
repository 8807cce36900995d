import type { Bar } from '../candles/candle.table.js';

/** Reference aggregation in TypeScript: bars in [fromMs, toMs) into buckets of `widthMs` starting at `originMs` (default `fromMs`). */
export function aggregateBars(bars: readonly Bar[], fromMs: number, toMs: number, widthMs: number, originMs = fromMs): Bar[] {
  const buckets = new Map<number, Bar[]>();
  for (const bar of bars) {
    const ms = bar.ts.getTime();
    if (ms < fromMs || ms >= toMs) continue;
    const start = originMs + Math.floor((ms - originMs) / widthMs) * widthMs;
    const bucket = buckets.get(start) ?? [];
    bucket.push(bar);
    buckets.set(start, bucket);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, group]) => ({
      ts: new Date(start),
      open: group[0]!.open,
      high: Math.max(...group.map((bar) => bar.high)),
      low: Math.min(...group.map((bar) => bar.low)),
      close: group.at(-1)!.close,
      volume: group.reduce((sum, bar) => sum + bar.volume, 0),
    }));
}

/** A candle as the API returns it. */
export interface ApiCandle {
  ts: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** The API candles as bars, for comparing with `aggregateBars`. */
export const toBars = (candles: readonly ApiCandle[]): Bar[] => candles.map((candle) => ({ ...candle, ts: new Date(candle.ts) }));
