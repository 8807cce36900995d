import { candleIntervalSeconds, type CandleIntervalName } from '@cryptograph/core';
/** One OHLC bar as the forecasting code sees it; `ts` is the bar's start in epoch milliseconds. */
export interface Bar {
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** Bar lengths of models (the market's `CandleInterval`). */
export type Interval = CandleIntervalName;

/** What a model forecasts (defined in docs/models.md, "What is forecast", and the `ModelTarget` descriptions of schema/predictions.graphql). */
export type Target = 'VOLATILITY' | 'RETURN';

/** Length of each interval in milliseconds. */
export const intervalMs = Object.fromEntries(Object.entries(candleIntervalSeconds).map(([interval, seconds]) => [interval, seconds * 1000])) as Readonly<
  Record<Interval, number>
>;
