import { z } from 'zod';
import { nothingToFit, type ForecastAlgorithm } from './algorithm.js';
import type { Bar, Target } from './bar.js';
import { logReturns, trailingMean, trailingStd } from './series.js';

/** NAIVE parameters. */
export interface NaiveParams {
  /** Log returns in the rolling window (default 50, the seeds' baseline). */
  readonly window: number;
}

/** The seeds' baseline window. */
export const baselineWindow = 50;

function naiveSeries(bars: readonly Bar[], target: Target, horizon: number, window: number): Float64Array {
  const returns = logReturns(bars);
  const out = new Float64Array(bars.length).fill(Number.NaN);
  for (let i = window; i < bars.length; i++) {
    out[i] = target === 'VOLATILITY' ? trailingStd(returns, i, window) : horizon * trailingMean(returns, i, window);
  }
  return out;
}

/**
 * NAIVE: VOLATILITY is the standard deviation of the last `window` log close-to-close returns;
 * RETURN is `horizon` times their mean (the recent drift). Nothing is fitted.
 */
export const naive: ForecastAlgorithm<NaiveParams> = {
  params: z.strictObject({ window: z.number().int().min(2).max(1000).default(baselineWindow) }),
  targets: ['VOLATILITY', 'RETURN'],
  warmup: (params) => params.window,
  prepare(bars, spec) {
    const series = naiveSeries(bars, spec.target, spec.horizon, spec.params.window);
    return { ready: (i) => Number.isFinite(series[i]!), expandingFit: nothingToFit, forecast: (_artifact, i) => series[i] ?? Number.NaN };
  },
};

/** The baseline forecast skill is measured against (docs/models.md): NAIVE(50) for VOLATILITY, 0 for RETURN (NaN for the first 50 bars either way). */
export function baselineSeries(bars: readonly Bar[], target: Target, horizon: number): Float64Array {
  if (target === 'RETURN') {
    const zeros = new Float64Array(bars.length);
    for (let i = 0; i < baselineWindow && i < bars.length; i++) zeros[i] = Number.NaN;
    return zeros;
  }
  return naiveSeries(bars, target, horizon, baselineWindow);
}
