import type { Generated, Selectable } from 'kysely';
import type { NativeInterval } from './candle-interval.js';

/** The `market.candles` table: OHLCV bars at their native interval, keyed by (symbol, interval, ts). */
export interface CandleTable {
  symbol: string;
  interval: NativeInterval;
  /** Bar start, UTC. */
  ts: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** True when the simulation invented the bar; real data replaces it. */
  simulated: Generated<boolean>;
}

/** One row of `market.candles`. */
export type CandleRow = Selectable<CandleTable>;

/** One OHLCV bar, as imported or aggregated. */
export interface Bar {
  readonly ts: Date;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A bar as aggregated for the API: whether any native bar in it was simulated. */
export interface AggregatedBar extends Bar {
  readonly simulated: boolean;
}
