import { badUserInput } from '@cryptograph/core';
import type { Artifact, ForecastSpec } from './algorithm.js';
import { algorithms, type AlgorithmName } from './algorithms.js';
import type { Bar } from './bar.js';
import { errorStats, type VersionMetrics } from './metrics.js';
import { baselineSeries, baselineWindow } from './naive.js';
import { realizedTargets } from './series.js';

/** Share of the usable samples of a training window that is fitted; the rest (after an embargo of `horizon` bars) is the test set. */
export const fitShare = 0.8;
/** Fewest samples a fit needs. */
export const minFitSamples = 48;
/** Fewest samples a test set needs. */
export const minTestSamples = 12;

/** A trained version: its artifact and walk-forward metrics. */
export interface TrainedVersion {
  readonly artifact: Artifact;
  readonly metrics: VersionMetrics;
  /** Params with defaults filled in. */
  readonly params: Record<string, number>;
}

/** Bars of history before the first usable sample: the algorithm's warmup, at least the baseline's window. */
export function historyBars(algorithm: AlgorithmName, params: Record<string, number>): number {
  return Math.max(algorithms[algorithm].warmup(params), baselineWindow);
}

/** Fewest bars a training window must hold for `algorithm` at `horizon`. */
export function minTrainingBars(algorithm: AlgorithmName, params: Record<string, number>, horizon: number): number {
  let usable = minFitSamples + minTestSamples;
  while (Math.floor(usable * fitShare) < minFitSamples || usable - Math.floor(usable * fitShare) - horizon < minTestSamples) usable++;
  return historyBars(algorithm, params) + horizon + usable;
}

/** Indices whose features, baseline and label all lie in `bars` with `ts ∈ [from, to)`. */
function usableIndices(bars: readonly Bar[], first: number, horizon: number, from: number, to: number): number[] {
  const indices: number[] = [];
  for (let i = first; i + horizon < bars.length; i++) {
    if (bars[i]!.ts >= from && bars[i + horizon]!.ts < to) indices.push(i);
  }
  return indices;
}

/**
 * Trains a version on the bars of [trainFrom, trainTo) with walk-forward evaluation: it fits on the
 * first 80 % of the usable samples, skips `horizon` bars so that no fitted label overlaps the test
 * set, and tests on the rest, against the NAIVE(50) / zero baseline on the same samples. Features
 * are causal (data ≤ t), so nothing after a sample's bar enters its forecast.
 */
export function trainWalkForward(bars: readonly Bar[], algorithm: AlgorithmName, spec: ForecastSpec, trainFrom: number, trainTo: number): TrainedVersion {
  const impl = algorithms[algorithm];
  const window = bars.filter((bar) => bar.ts >= trainFrom && bar.ts < trainTo);
  const needed = minTrainingBars(algorithm, spec.params, spec.horizon);
  const tooLittle = (has: number) =>
    badUserInput(`The training window has ${has} bars; ${algorithm} with horizon ${spec.horizon} needs at least ${needed} bars (${historyBars(algorithm, spec.params)} bars of history, then at least ${minFitSamples} samples to fit and ${minTestSamples} to test after an embargo of ${spec.horizon} bars).`, 'trainFrom');
  if (window.length < needed) throw tooLittle(window.length);
  const targets = realizedTargets(window, spec.target, spec.horizon);
  const usable = usableIndices(window, historyBars(algorithm, spec.params), spec.horizon, trainFrom, trainTo);
  const fitCount = Math.floor(usable.length * fitShare);
  const fitIndices = usable.slice(0, fitCount);
  const lastFitted = fitIndices.at(-1) ?? -1;
  const testIndices = usable.slice(fitCount).filter((i) => i > lastFitted + spec.horizon);
  if (fitIndices.length < minFitSamples || testIndices.length < minTestSamples) throw tooLittle(window.length);
  const artifact = impl.fit(window, fitIndices, targets, spec);
  const forecasts = impl.forecastSeries(window, spec, artifact);
  const baseline = baselineSeries(window, spec.target, spec.horizon);
  const train = errorStats(fitIndices.map((i) => forecasts[i]!), fitIndices.map((i) => targets[i]!));
  const test = errorStats(testIndices.map((i) => forecasts[i]!), testIndices.map((i) => targets[i]!));
  const base = errorStats(testIndices.map((i) => baseline[i]!), testIndices.map((i) => targets[i]!));
  return {
    artifact,
    params: spec.params as Record<string, number>,
    metrics: {
      mseTrain: train.mse,
      r2Train: train.r2,
      mseTest: test.mse,
      r2Test: test.r2,
      maeTest: test.mae,
      baselineMseTest: base.mse,
      skill: base.mse === 0 ? null : 1 - test.mse / base.mse,
      evalFrom: new Date(window[testIndices[0]!]!.ts).toISOString(),
      evalTo: new Date(trainTo).toISOString(),
      trainSamples: fitIndices.length,
      testSamples: testIndices.length,
    },
  };
}

/**
 * Scores a fitted version on [from, to): every bar in the window whose label also lies in it, with
 * features from the bars before it (`bars` may start earlier to provide that history).
 */
export function scoreWindow(bars: readonly Bar[], algorithm: AlgorithmName, spec: ForecastSpec, artifact: Artifact, from: number, to: number): Omit<VersionMetrics, 'mseTrain' | 'r2Train' | 'trainSamples'> {
  const forecasts = algorithms[algorithm].forecastSeries(bars, spec, artifact);
  const baseline = baselineSeries(bars, spec.target, spec.horizon);
  const targets = realizedTargets(bars, spec.target, spec.horizon);
  const indices = usableIndices(bars, 0, spec.horizon, from, to).filter((i) => Number.isFinite(forecasts[i]!) && Number.isFinite(baseline[i]!));
  if (indices.length === 0) {
    throw badUserInput(`The scoring window has no bar with a complete forecast and outcome (it needs data with ${historyBars(algorithm, spec.params)} bars of history before it and ${spec.horizon} after each scored bar).`, 'from');
  }
  const test = errorStats(indices.map((i) => forecasts[i]!), indices.map((i) => targets[i]!));
  const base = errorStats(indices.map((i) => baseline[i]!), indices.map((i) => targets[i]!));
  return {
    mseTest: test.mse,
    r2Test: test.r2,
    maeTest: test.mae,
    baselineMseTest: base.mse,
    skill: base.mse === 0 ? null : 1 - test.mse / base.mse,
    evalFrom: new Date(bars[indices[0]!]!.ts).toISOString(),
    evalTo: new Date(to).toISOString(),
    testSamples: indices.length,
  };
}

/** The forecast made at the close of the last bar of `bars` (NaN when there is too little history). */
export function forecastLast(bars: readonly Bar[], algorithm: AlgorithmName, spec: ForecastSpec, artifact: Artifact): number {
  const series = algorithms[algorithm].forecastSeries(bars, spec, artifact);
  return series[series.length - 1] ?? Number.NaN;
}
