import type { AlgorithmName } from '../forecasting/algorithms.js';
import type { Interval, Target } from '../forecasting/bar.js';

/** One default model of an asset, before it is registered. */
export interface DefaultModelSpec {
  /** Unique per asset; part of the model's name. */
  readonly key: 'daily-volatility' | 'daily-return' | 'intraday-volatility';
  readonly target: Target;
  readonly algorithm: AlgorithmName;
  readonly interval: Interval;
  readonly horizon: number;
  readonly params: Record<string, number | boolean>;
  /** Only for assets with minute data (the live feed's). */
  readonly needsMinuteData: boolean;
}

/**
 * The daily volatility model every install starts with: HAR with a quarterly component and the
 * weekend/Monday calendar effects, the variant with the best median skill over the 7 coins in the
 * year before the benchmark's test year. `bench/forecast.bench.ts` checks that choice on that
 * selection year and measures it against plain HAR on the test year (see bench/README.md).
 */
export const dailyVolatilitySpec: DefaultModelSpec = {
  key: 'daily-volatility',
  target: 'VOLATILITY',
  algorithm: 'HAR',
  interval: 'D1',
  horizon: 1,
  params: { short: 1, medium: 5, long: 22, quarter: 66, calendar: true },
  needsMinuteData: false,
};

/**
 * The daily return model: ridge on lagged returns and ranges, heavily shrunk towards the average
 * return, because nothing forecasts daily crypto returns much better than zero (the baseline);
 * the bench reports its skill beside the others.
 */
export const dailyReturnSpec: DefaultModelSpec = {
  key: 'daily-return',
  target: 'RETURN',
  algorithm: 'RIDGE',
  interval: 'D1',
  horizon: 1,
  params: { alpha: 1000, lags: 5 },
  needsMinuteData: false,
};

/**
 * The intraday volatility model of assets the live feed streams: the next hour (12 five-minute
 * bars) with HAR on five-minute bars: components of 5 minutes, 1 hour and 1 day and the hour-of-day
 * calendar.
 */
export const intradayVolatilitySpec: DefaultModelSpec = {
  key: 'intraday-volatility',
  target: 'VOLATILITY',
  algorithm: 'HAR',
  interval: 'M5',
  horizon: 12,
  params: { short: 1, medium: 12, long: 288, quarter: 0, calendar: true },
  needsMinuteData: true,
};

/**
 * Every default model of an asset, in the order they are trained: daily models first, because on a
 * fresh install they can predict at once (the newest closed day), while an intraday model waits
 * for a day of minute bars near the feed's clock (the shipped minutes end half a year earlier).
 */
export const defaultModelSpecs: readonly DefaultModelSpec[] = [dailyVolatilitySpec, dailyReturnSpec, intradayVolatilitySpec];

/** The display name of an asset's default model, e.g. `BTC daily volatility`. */
export function defaultModelName(symbol: string, spec: DefaultModelSpec): string {
  return `${symbol} ${spec.key.replace('-', ' ')}`;
}
