import { z } from 'zod';
import type { Artifact, ForecastAlgorithm } from './algorithm.js';
import type { Bar, Target } from './bar.js';
import { fitLinear, predictLinear, type LinearModel } from './linear-model.js';
import { logReturns, parkinson, trailingMean } from './series.js';

/** HAR parameters: the three averaging horizons in bars (Corsi 2009: 1, 5, 22 days). */
export interface HarParams {
  readonly short: number;
  readonly medium: number;
  readonly long: number;
}

/**
 * HAR components of every bar: the mean of the per-bar series over the last `short`, `medium` and
 * `long` bars (Parkinson volatility for VOLATILITY, log returns for RETURN); null during warmup.
 */
export function harFeatures(bars: readonly Bar[], target: Target, params: HarParams): (number[] | null)[] {
  const series = target === 'VOLATILITY' ? parkinson(bars) : logReturns(bars);
  return bars.map((_bar, i) => {
    if (i < params.long) return null;
    return [trailingMean(series, i, params.short), trailingMean(series, i, params.medium), trailingMean(series, i, params.long)];
  });
}

/** HAR (Corsi 2009): ordinary least squares of the target on daily, weekly and monthly averages. */
export const har: ForecastAlgorithm<HarParams> = {
  params: z
    .strictObject({
      short: z.number().int().min(1).max(10).default(1),
      medium: z.number().int().min(2).max(100).default(5),
      long: z.number().int().min(3).max(500).default(22),
    })
    .refine((p) => p.short < p.medium && p.medium < p.long, { message: 'must satisfy short < medium < long', path: ['long'] }),
  warmup: (params) => params.long,
  fit(bars, indices, targets, spec) {
    const features = harFeatures(bars, spec.target, spec.params);
    return { model: fitLinear(indices.map((i) => features[i]!), indices.map((i) => targets[i]!), 0) } satisfies Artifact;
  },
  forecastSeries(bars, spec, artifact) {
    const model = artifact.model as LinearModel;
    return Float64Array.from(harFeatures(bars, spec.target, spec.params), (row) => (row ? predictLinear(model, row) : Number.NaN));
  },
};
