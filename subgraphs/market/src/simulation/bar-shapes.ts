import type { Bar } from '../candles/candle.table.js';

/** One real minute bar relative to the close before it: what the block bootstrap replays onto a new price. */
export interface BarShape {
  /** open / previous close, and so on for high, low and close. */
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Traded volume in the base asset. */
  readonly volume: number;
}

/**
 * Turns consecutive real minute bars into shapes relative to the previous close, with the series'
 * mean log return removed from every price (so the simulation has no drift: a month in which SOL
 * doubled would otherwise double it again every simulated month). `volatilityScale` stretches the
 * log distance of every price from the previous close (used to borrow another asset's minutes).
 */
export function barShapes(bars: readonly Bar[], volatilityScale = 1): BarShape[] {
  if (bars.length < 2) return [];
  let drift = 0;
  for (let index = 1; index < bars.length; index += 1) drift += Math.log(bars[index]!.close / bars[index - 1]!.close);
  drift /= bars.length - 1;
  const relative = (price: number, previousClose: number) => Math.exp((Math.log(price / previousClose) - drift) * volatilityScale);
  const shapes: BarShape[] = [];
  for (let index = 1; index < bars.length; index += 1) {
    const previousClose = bars[index - 1]!.close;
    const bar = bars[index]!;
    shapes.push({
      open: relative(bar.open, previousClose),
      high: relative(bar.high, previousClose),
      low: relative(bar.low, previousClose),
      close: relative(bar.close, previousClose),
      volume: bar.volume,
    });
  }
  return shapes;
}

/** Standard deviation of daily log close-to-close returns (the scale that maps one asset's minutes onto another's). */
export function dailyVolatility(days: readonly Bar[]): number | null {
  if (days.length < 30) return null;
  const returns = days.slice(1).map((bar, index) => Math.log(bar.close / days[index]!.close));
  const mean = returns.reduce((sum, value) => sum + value, 0) / returns.length;
  const variance = returns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (returns.length - 1);
  return Math.sqrt(variance);
}
