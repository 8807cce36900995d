import type { z } from 'zod';
import type { Bar, Target } from './bar.js';

/** What a fitted model stores: plain JSON (coefficients, scalers). */
export type Artifact = Record<string, unknown>;

/** The fixed part of a model a forecast depends on. */
export interface ForecastSpec<P = Record<string, number>> {
  readonly target: Target;
  readonly horizon: number;
  readonly params: P;
}

/**
 * One forecasting algorithm. `forecastSeries` is causal: the value at index i is computed from
 * `bars[0..i]` only, so forecasts never look ahead.
 */
export interface ForecastAlgorithm<P = Record<string, number>> {
  /** Validates params and fills defaults; the zod issues name the field. */
  readonly params: z.ZodType<P>;
  /** Bars of history needed before the first forecast. */
  warmup(params: P): number;
  /** Fits on the samples at `indices` (their targets are `targets[i]`); data-free algorithms return `{}`. */
  fit(bars: readonly Bar[], indices: readonly number[], targets: Float64Array, spec: ForecastSpec<P>): Artifact;
  /** The forecast made at the close of each bar (NaN during warmup). */
  forecastSeries(bars: readonly Bar[], spec: ForecastSpec<P>, artifact: Artifact): Float64Array;
}
