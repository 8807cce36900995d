/** One OHLC bar as the forecasting code sees it; `ts` is the bar's start in epoch milliseconds. */
export interface Bar {
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** Bar lengths of models (the market's `CandleInterval`). */
export type Interval = 'M1' | 'M5' | 'M15' | 'H1' | 'H4' | 'D1';

/** What a model forecasts (see DESIGN.md section 3). */
export type Target = 'VOLATILITY' | 'RETURN';

/** Length of each interval in milliseconds. */
export const intervalMs: Readonly<Record<Interval, number>> = {
  M1: 60_000,
  M5: 5 * 60_000,
  M15: 15 * 60_000,
  H1: 60 * 60_000,
  H4: 4 * 60 * 60_000,
  D1: 24 * 60 * 60_000,
};
