import { z } from 'zod';
import type { Artifact, ForecastAlgorithm } from './algorithm.js';
import type { Bar } from './bar.js';
import { fitLinear, predictLinear, type LinearModel } from './linear-model.js';
import { logReturns, parkinson } from './series.js';

/** RIDGE parameters. */
export interface RidgeParams {
  /** L2 penalty on standardized coefficients. */
  readonly alpha: number;
  /** Lags of each feature: returns rᵢ … rᵢ₋ₗ₊₁ and Parkinson volatilities of the same bars. */
  readonly lags: number;
}

/** Feature rows of every bar: the last `lags` log returns, then the last `lags` Parkinson vols (null during warmup). */
export function ridgeFeatures(bars: readonly Bar[], lags: number): (number[] | null)[] {
  const returns = logReturns(bars);
  const vols = parkinson(bars);
  return bars.map((_bar, i) => {
    if (i < lags) return null;
    const row: number[] = [];
    for (let k = 0; k < lags; k++) row.push(returns[i - k]!);
    for (let k = 0; k < lags; k++) row.push(vols[i - k]!);
    return row;
  });
}

/** RIDGE: ridge regression of the target on lagged returns and Parkinson volatilities. */
export const ridge: ForecastAlgorithm<RidgeParams> = {
  params: z.strictObject({
    alpha: z.number().min(0.000001).max(1_000_000).default(1),
    lags: z.number().int().min(1).max(30).default(5),
  }),
  warmup: (params) => params.lags,
  fit(bars, indices, targets, spec) {
    const features = ridgeFeatures(bars, spec.params.lags);
    const rows = indices.map((i) => features[i]!);
    return { model: fitLinear(rows, indices.map((i) => targets[i]!), spec.params.alpha) } satisfies Artifact;
  },
  forecastSeries(bars, spec, artifact) {
    const model = artifact.model as LinearModel;
    return Float64Array.from(ridgeFeatures(bars, spec.params.lags), (row) => (row ? predictLinear(model, row) : Number.NaN));
  },
};
