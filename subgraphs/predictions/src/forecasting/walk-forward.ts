import type { Artifact, PreparedForecast } from './algorithm.js';

/** Fewest samples a fit needs. */
export const minFitSamples = 48;

/** Out-of-sample forecasts of a walk-forward: one per origin (NaN where no forecast could be made). */
export interface WalkForwardForecasts {
  readonly origins: readonly number[];
  readonly forecasts: Float64Array;
  /** Fits made. */
  readonly refits: number;
}

/**
 * The expanding-window walk-forward. At each origin (a bar index, ascending) the forecast comes
 * from a fit on the samples whose whole label was known at that bar's close (`i + horizon ≤
 * origin`), refitted every `refitEvery` bars of the grid (so gaps count as time). Forecasts are
 * strictly out of sample: no fitted label reaches past the bar the forecast is made at.
 * `samples` are the fit candidates (features complete, target known), ascending.
 */
export function walkForward(
  prepared: PreparedForecast,
  targets: Float64Array,
  samples: readonly number[],
  origins: readonly number[],
  horizon: number,
  refitEvery: number,
): WalkForwardForecasts {
  const fit = prepared.expandingFit(targets);
  const forecasts = new Float64Array(origins.length).fill(Number.NaN);
  let next = 0;
  let artifact: Artifact | null = null;
  let lastFit = Number.NEGATIVE_INFINITY;
  let refits = 0;
  origins.forEach((origin, k) => {
    if (origin - lastFit >= refitEvery || artifact === null) {
      while (next < samples.length && samples[next]! + horizon <= origin) fit.add(samples[next++]!);
      if (fit.count >= minFitSamples) {
        artifact = fit.artifact();
        lastFit = origin;
        refits += 1;
      }
    }
    if (artifact !== null) forecasts[k] = prepared.forecast(artifact, origin);
  });
  return { origins, forecasts, refits };
}
