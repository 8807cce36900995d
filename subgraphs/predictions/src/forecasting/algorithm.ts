import type { z } from 'zod';
import type { Bar, Interval, Target } from './bar.js';

/** What a fitted model stores: plain JSON (coefficients, scalers). */
export type Artifact = Record<string, unknown>;

/** Parameter values of a model (numbers and flags). */
export type Params = Record<string, number | boolean>;

/** The fixed part of a model a forecast depends on. */
export interface ForecastSpec<P = Params> {
  readonly target: Target;
  readonly horizon: number;
  readonly interval: Interval;
  readonly params: P;
}

/** A fit that grows with the walk-forward: samples are added oldest first, `artifact()` fits on all added so far. */
export interface ExpandingFit {
  add(index: number): void;
  /** Samples added so far. */
  readonly count: number;
  artifact(): Artifact;
}

/** An algorithm's features computed once over a regular bar grid, ready to fit and forecast. */
export interface PreparedForecast {
  /** True when the features of bar i are complete (a forecast can be made at its close). */
  ready(index: number): boolean;
  /** Starts an expanding fit on `targets` (the realized target of each bar). */
  expandingFit(targets: Float64Array): ExpandingFit;
  /** The forecast made at the close of bar `index` (NaN when its features are incomplete). */
  forecast(artifact: Artifact, index: number): number;
}

/**
 * One forecasting algorithm. Its features are causal: those of bar i are computed from bars 0..i
 * only (and the calendar of the target bars), so forecasts never look ahead.
 */
export interface ForecastAlgorithm<P = Params> {
  /** Validates its own params and fills defaults; the zod issues name the field. */
  readonly params: z.ZodType<P>;
  /** The targets it can forecast. */
  readonly targets: readonly Target[];
  /** Bars of history needed before the first forecast. */
  warmup(params: P): number;
  /** Computes the features over `bars` (a regular grid, see `regularBars`). */
  prepare(bars: readonly Bar[], spec: ForecastSpec<P>): PreparedForecast;
}

/** A fit that stores nothing: for algorithms without fitted state. */
export function nothingToFit(): ExpandingFit {
  let count = 0;
  return {
    add: () => void (count += 1),
    get count() {
      return count;
    },
    artifact: () => ({}),
  };
}
