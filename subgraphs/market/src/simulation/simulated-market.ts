import type { Bar } from '../candles/candle.table.js';
import type { BarShape } from './bar-shapes.js';
import { uniformFor } from './block-random.js';

/** Minutes per bootstrap block: long enough to keep the real data's volatility clusters and intraday texture. */
export const blockMinutes = 60;

/** Rounds a price to 8 significant digits (monotonic, so high ≥ open/close ≥ low survives rounding). */
const roundPrice = (price: number) => Number(price.toPrecision(8));

/** Volume with at most 8 decimals. */
const roundVolume = (volume: number) => Math.round(volume * 1e8) / 1e8;

/**
 * The simulated market of one symbol: a moving-block bootstrap of real minute bars. Minute `ts`
 * belongs to block ⌊ts / 60 min⌋, whose start in the real series is drawn from `uniformFor`
 * (symbol, block); the bar at offset k of the block is the real shape at start + k applied to the
 * previous close. The path is a function of the previous close and the time only, so a restart that
 * resumes from the last stored bar continues the same path.
 */
export class SimulatedMarket {
  constructor(
    readonly symbol: string,
    private readonly shapes: readonly BarShape[],
    /** Multiplies the shapes' volumes (to express a borrowed asset's volume in this asset's units). */
    private readonly volumeScale = 1,
  ) {
    if (shapes.length < blockMinutes) throw new Error(`the simulated market of ${symbol} needs at least ${blockMinutes} real minute bars`);
  }

  /** The simulated minute bar starting at `ts` that follows a bar closing at `previousClose`. */
  barAt(ts: Date, previousClose: number): Bar {
    const minute = Math.floor(ts.getTime() / 60_000);
    const block = Math.floor(minute / blockMinutes);
    const offset = minute - block * blockMinutes;
    const start = Math.floor(uniformFor(`${this.symbol}:${block}`) * (this.shapes.length - blockMinutes + 1));
    const shape = this.shapes[start + offset]!;
    const open = roundPrice(previousClose * shape.open);
    const close = roundPrice(previousClose * shape.close);
    return {
      ts: new Date(minute * 60_000),
      open,
      close,
      high: Math.max(open, close, roundPrice(previousClose * shape.high)),
      low: Math.min(open, close, roundPrice(previousClose * shape.low)),
      volume: roundVolume(shape.volume * this.volumeScale),
    };
  }
}
