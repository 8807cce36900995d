import { z } from 'zod';
import type { ForecastAlgorithm } from './algorithm.js';
import { logReturns, trailingMean, trailingStd } from './series.js';

/** NAIVE parameters. */
export interface NaiveParams {
  /** Log returns in the rolling window (default 50, the seeds' baseline). */
  readonly window: number;
}

/** The seeds' baseline window. */
export const baselineWindow = 50;

/**
 * NAIVE: VOLATILITY is the standard deviation of the last `window` log close-to-close returns;
 * RETURN is `horizon` times their mean (the recent drift). Nothing is fitted.
 */
export const naive: ForecastAlgorithm<NaiveParams> = {
  params: z.strictObject({ window: z.number().int().min(2).max(1000).default(baselineWindow) }),
  warmup: (params) => params.window,
  fit: () => ({}),
  forecastSeries(bars, spec) {
    const returns = logReturns(bars);
    const out = new Float64Array(bars.length).fill(Number.NaN);
    for (let i = spec.params.window; i < bars.length; i++) {
      out[i] = spec.target === 'VOLATILITY' ? trailingStd(returns, i, spec.params.window) : spec.horizon * trailingMean(returns, i, spec.params.window);
    }
    return out;
  },
};

/** The baseline forecast of DESIGN.md: NAIVE(50) for VOLATILITY, 0 for RETURN. */
export function baselineSeries(bars: Parameters<typeof naive.forecastSeries>[0], target: 'VOLATILITY' | 'RETURN', horizon: number): Float64Array {
  if (target === 'RETURN') {
    const zeros = new Float64Array(bars.length);
    for (let i = 0; i < baselineWindow && i < bars.length; i++) zeros[i] = Number.NaN;
    return zeros;
  }
  return naive.forecastSeries(bars, { target, horizon, params: { window: baselineWindow } }, {});
}
