import { z } from 'zod';
import { nothingToFit, type ForecastAlgorithm } from './algorithm.js';
import { logReturns } from './series.js';

/** EWMA parameters. */
export interface EwmaParams {
  /** Decay λ (RiskMetrics: 0.94). */
  readonly lambda: number;
  /** Bars before the first forecast, while the recursion settles. */
  readonly warmup: number;
}

/**
 * EWMA (RiskMetrics): σ²ᵢ = λ σ²ᵢ₋₁ + (1 − λ) rᵢ², started at the first return; VOLATILITY
 * forecasts σᵢ. RETURN forecasts `horizon` times the same exponentially weighted mean of returns.
 * A missing return (a gap in the bars) leaves the state as it was. Nothing is fitted.
 */
export const ewma: ForecastAlgorithm<EwmaParams> = {
  params: z.strictObject({
    lambda: z.number().gt(0).lt(1).default(0.94),
    warmup: z.number().int().min(1).max(1000).default(50),
  }),
  targets: ['VOLATILITY', 'RETURN'],
  warmup: (params) => params.warmup,
  prepare(bars, spec) {
    const returns = logReturns(bars);
    const { lambda, warmup } = spec.params;
    const out = new Float64Array(bars.length).fill(Number.NaN);
    let state = Number.NaN;
    for (let i = 1; i < bars.length; i++) {
      const r = returns[i]!;
      if (Number.isFinite(r)) {
        const observation = spec.target === 'VOLATILITY' ? r * r : r;
        state = Number.isFinite(state) ? lambda * state + (1 - lambda) * observation : observation;
      }
      if (i >= warmup && Number.isFinite(bars[i]!.close)) out[i] = spec.target === 'VOLATILITY' ? Math.sqrt(state) : spec.horizon * state;
    }
    return { ready: (i) => Number.isFinite(out[i]!), expandingFit: nothingToFit, forecast: (_artifact, i) => out[i] ?? Number.NaN };
  },
};
