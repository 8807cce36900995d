import { z } from 'zod';
import type { ForecastAlgorithm } from './algorithm.js';
import { logReturns } from './series.js';

/** EWMA parameters. */
export interface EwmaParams {
  /** Decay λ (RiskMetrics: 0.94). */
  readonly lambda: number;
  /** Bars before the first forecast, while the recursion settles. */
  readonly warmup: number;
}

/**
 * EWMA (RiskMetrics): σ²ᵢ = λ σ²ᵢ₋₁ + (1 − λ) rᵢ², started at σ²₁ = r₁²; VOLATILITY forecasts σᵢ.
 * RETURN forecasts `horizon` times the same exponentially weighted mean of returns. Nothing is fitted.
 */
export const ewma: ForecastAlgorithm<EwmaParams> = {
  params: z.strictObject({
    lambda: z.number().gt(0).lt(1).default(0.94),
    warmup: z.number().int().min(1).max(1000).default(50),
  }),
  warmup: (params) => params.warmup,
  fit: () => ({}),
  forecastSeries(bars, spec) {
    const returns = logReturns(bars);
    const { lambda, warmup } = spec.params;
    const out = new Float64Array(bars.length).fill(Number.NaN);
    let state = Number.NaN;
    for (let i = 1; i < bars.length; i++) {
      const r = returns[i]!;
      const observation = spec.target === 'VOLATILITY' ? r * r : r;
      state = i === 1 ? observation : lambda * state + (1 - lambda) * observation;
      if (i >= warmup) out[i] = spec.target === 'VOLATILITY' ? Math.sqrt(state) : spec.horizon * state;
    }
    return out;
  },
};
