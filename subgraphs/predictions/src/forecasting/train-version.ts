import { badUserInput } from '@cryptograph/core';
import type { Artifact, ForecastSpec, PreparedForecast } from './algorithm.js';
import { algorithms, type AlgorithmName, type ModelParams } from './algorithms.js';
import { intervalMs, type Bar } from './bar.js';
import { regularBars } from './bar-grid.js';
import { errorStats, skillOf, type VersionMetrics } from './metrics.js';
import { baselineSeries, baselineWindow } from './naive.js';
import { realizedTargets } from './series.js';
import { minFitSamples, walkForward } from './walk-forward.js';

/** Fewest scored forecasts a test window needs. */
export const minTestSamples = 12;

/** Bars of history before the first usable sample: the algorithm's warmup, at least the baseline's window. */
export function historyBars(algorithm: AlgorithmName, params: ModelParams): number {
  return Math.max(algorithms[algorithm].warmup(params), baselineWindow);
}

/**
 * Fewest bars a training window must hold: history, samples for the first fit, then the validation and test windows
 * (each behind an embargo of `horizon` bars).
 */
export function minTrainingBars(algorithm: AlgorithmName, params: ModelParams, horizon: number): number {
  return historyBars(algorithm, params) + minFitSamples + horizon + params.validationBars + params.testBars + horizon;
}

/** One scored window of a walk-forward: forecasts, outcomes and the baseline at the same bars. */
export interface ScoredWindow {
  /** Bar start times of the scored forecasts. */
  readonly times: number[];
  readonly forecasts: number[];
  readonly actuals: number[];
  readonly baseline: number[];
}

/** A trained version: its artifact, metrics, and what the champion/challenger comparison needs. */
export interface TrainedVersion {
  readonly artifact: Artifact;
  readonly metrics: VersionMetrics;
  readonly params: ModelParams;
  /** The grid the version was evaluated on (gaps filled with missing bars). */
  readonly grid: readonly Bar[];
  /** Validation window: its bounds and scored forecasts. */
  readonly validation: ScoredWindow & { readonly from: number; readonly to: number };
}

/** Where the validation window may start at the earliest (a champion's training end, so it is out of sample for the champion too). */
export interface TrainOptions {
  readonly validationFloor?: number | null;
}

function scored(origins: readonly number[], forecasts: Float64Array, grid: readonly Bar[], targets: Float64Array, baseline: Float64Array): ScoredWindow {
  const window: ScoredWindow = { times: [], forecasts: [], actuals: [], baseline: [] };
  origins.forEach((origin, k) => {
    const forecast = forecasts[k]!;
    if (!Number.isFinite(forecast) || !Number.isFinite(targets[origin]!) || !Number.isFinite(baseline[origin]!)) return;
    window.times.push(grid[origin]!.ts);
    window.forecasts.push(forecast);
    window.actuals.push(targets[origin]!);
    window.baseline.push(baseline[origin]!);
  });
  return window;
}

/**
 * Trains a version on the bars of [trainFrom, trainTo) with an honest walk-forward: an expanding
 * window refitted every `refitEvery` bars forecasts each bar of the validation window (the
 * `validationBars` bars before the test window, never before `validationFloor`) and of the test
 * window (the last `testBars` bars whose outcome is known by `trainTo`), strictly out of sample.
 * Validation metrics select and promote; test metrics are reported and never used to choose. The
 * stored artifact is then fitted on every sample of the window. Gaps are missing bars on the grid.
 */
export function trainVersion(
  bars: readonly Bar[],
  algorithm: AlgorithmName,
  spec: ForecastSpec<ModelParams>,
  trainFrom: number,
  trainTo: number,
  options: TrainOptions = {},
): TrainedVersion {
  const step = intervalMs[spec.interval];
  const { params, horizon } = spec;
  const needed = minTrainingBars(algorithm, params, horizon);
  const tooLittle = (has: number, why: string) =>
    badUserInput(
      `The training window has ${has} bars; ${algorithm} with horizon ${horizon} needs at least ${needed} bars (${historyBars(algorithm, params)} bars of history, ${minFitSamples} samples for the first fit, ${params.validationBars} validation and ${params.testBars} test forecasts, each after an embargo of ${horizon} bars)${why}.`,
      'trainFrom',
    );
  const grid = regularBars(
    bars.filter((bar) => bar.ts >= trainFrom && bar.ts < trainTo),
    step,
  );
  const present = grid.filter((bar) => Number.isFinite(bar.close)).length;
  if (grid.length < needed) throw tooLittle(present, '');
  const prepared: PreparedForecast = algorithms[algorithm].prepare(grid, spec);
  const targets = realizedTargets(grid, spec.target, horizon);
  const baseline = baselineSeries(grid, spec.target, horizon);
  const samples: number[] = [];
  for (let i = 0; i < grid.length; i++) if (prepared.ready(i) && Number.isFinite(targets[i]!)) samples.push(i);

  const end = grid.at(-1)!.ts + step;
  const testFrom = end - (params.testBars + horizon) * step;
  const testTo = end - horizon * step;
  const validationTo = testFrom;
  const validationFrom = Math.max(testFrom - params.validationBars * step, options.validationFloor ?? Number.NEGATIVE_INFINITY);
  const indexOf = (ts: number) => Math.round((ts - grid[0]!.ts) / step);
  const originsIn = (from: number, to: number) => {
    const out: number[] = [];
    for (let i = Math.max(0, indexOf(from)); i < grid.length && grid[i]!.ts < to; i++) out.push(i);
    return out;
  };
  const validationOrigins = validationFrom < validationTo ? originsIn(validationFrom, validationTo) : [];
  const testOrigins = originsIn(testFrom, testTo);
  const origins = [...validationOrigins, ...testOrigins];
  const firstFitted = samples.filter((i) => i + horizon <= (origins[0] ?? 0)).length;
  if (firstFitted < minFitSamples) throw tooLittle(present, ` (only ${firstFitted} complete samples precede the first walk-forward forecast)`);

  const walk = walkForward(prepared, targets, samples, origins, horizon, params.refitEvery);
  const validation = scored(origins.slice(0, validationOrigins.length), walk.forecasts.subarray(0, validationOrigins.length), grid, targets, baseline);
  const test = scored(testOrigins, walk.forecasts.subarray(validationOrigins.length), grid, targets, baseline);
  if (test.times.length < minTestSamples)
    throw tooLittle(present, ` (the test window holds ${test.times.length} complete forecasts, ${minTestSamples} needed)`);

  const final = prepared.expandingFit(targets);
  for (const i of samples) final.add(i);
  const artifact = final.artifact();
  const fitted = samples.filter((i) => Number.isFinite(prepared.forecast(artifact, i)));
  const train = errorStats(
    fitted.map((i) => prepared.forecast(artifact, i)),
    fitted.map((i) => targets[i]!),
  );
  const testStats = errorStats(test.forecasts, test.actuals);
  const testBase = errorStats(test.baseline, test.actuals);
  const hasValidation = validation.times.length > 0;
  const validationStats = hasValidation ? errorStats(validation.forecasts, validation.actuals) : null;
  const validationBase = hasValidation ? errorStats(validation.baseline, validation.actuals) : null;
  return {
    artifact,
    params,
    grid,
    validation: { ...validation, from: validationFrom, to: validationTo },
    metrics: {
      mseTrain: train.mse,
      r2Train: train.r2,
      trainSamples: fitted.length,
      mseTest: testStats.mse,
      r2Test: testStats.r2,
      maeTest: testStats.mae,
      baselineMseTest: testBase.mse,
      skill: skillOf(testStats.mse, testBase.mse),
      evalFrom: new Date(test.times[0]!).toISOString(),
      evalTo: new Date(trainTo).toISOString(),
      testSamples: test.times.length,
      mseValidation: validationStats?.mse ?? null,
      baselineMseValidation: validationBase?.mse ?? null,
      skillValidation: validationStats && validationBase ? skillOf(validationStats.mse, validationBase.mse) : null,
      validationFrom: validationFrom < validationTo ? new Date(validationFrom).toISOString() : null,
      validationTo: validationFrom < validationTo ? new Date(validationTo).toISOString() : null,
      validationSamples: validation.times.length,
      refits: walk.refits,
    },
  };
}
