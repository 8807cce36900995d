/** One chart bar; `time` is the bar start in UTC seconds. */
export interface Bar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** A candle as the API returns it. */
export interface ApiCandle {
  readonly ts: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** API candles as chart bars. */
export function toBars(candles: readonly ApiCandle[]): Bar[] {
  return candles.map((candle) => ({
    time: Math.floor(Date.parse(candle.ts) / 1000),
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
  }));
}

/**
 * Folds a live price tick into the last bar: updates it when the tick falls in the same bucket,
 * opens a new bar for a later bucket, and ignores ticks older than the last bar (null).
 */
export function applyTick(last: Bar | undefined, price: number, ts: string, intervalSeconds: number): Bar | null {
  const time = Math.floor(Date.parse(ts) / 1000 / intervalSeconds) * intervalSeconds;
  if (!last || time > last.time) return { time, open: price, high: price, low: price, close: price };
  if (time < last.time) return null;
  return { time, open: last.open, high: Math.max(last.high, price), low: Math.min(last.low, price), close: price };
}

/** Change from `reference` to `price` as a fraction (0.01 = +1 %), or null without a reference. */
export function relativeChange(reference: number | undefined, price: number | undefined): number | null {
  if (reference === undefined || price === undefined || reference === 0) return null;
  return price / reference - 1;
}
