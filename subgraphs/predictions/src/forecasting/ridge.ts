import { z } from 'zod';
import type { ForecastAlgorithm } from './algorithm.js';
import type { Bar } from './bar.js';
import { linearForecast } from './linear-forecast.js';
import { logReturns, parkinson } from './series.js';

/** RIDGE parameters. */
export interface RidgeParams {
  /** L2 penalty on standardized coefficients. */
  readonly alpha: number;
  /** Lags of each feature: returns rᵢ … rᵢ₋ₗ₊₁ and Parkinson volatilities of the same bars. */
  readonly lags: number;
}

/** Feature rows of every bar: the last `lags` log returns, then the last `lags` Parkinson vols (null during warmup or next to a missing bar). */
export function ridgeFeatures(bars: readonly Bar[], lags: number): (Float64Array | null)[] {
  const returns = logReturns(bars);
  const vols = parkinson(bars);
  return bars.map((_bar, i) => {
    if (i < lags) return null;
    const row = new Float64Array(2 * lags);
    for (let k = 0; k < lags; k++) {
      row[k] = returns[i - k]!;
      row[lags + k] = vols[i - k]!;
    }
    return row.every(Number.isFinite) ? row : null;
  });
}

/** RIDGE: ridge regression of the target on lagged returns and Parkinson volatilities. */
export const ridge: ForecastAlgorithm<RidgeParams> = {
  params: z.strictObject({
    alpha: z.number().min(0.000001).max(1_000_000).default(1),
    lags: z.number().int().min(1).max(30).default(5),
  }),
  targets: ['VOLATILITY', 'RETURN'],
  warmup: (params) => params.lags,
  prepare: (bars, spec) => linearForecast(ridgeFeatures(bars, spec.params.lags), spec.params.alpha),
};
