import { badUserInput } from '@cryptograph/core';
import type { Artifact, ForecastSpec } from './algorithm.js';
import { algorithms, type AlgorithmName, type ModelParams } from './algorithms.js';
import { intervalMs, type Bar } from './bar.js';
import { regularBars } from './bar-grid.js';
import { errorStats, skillOf, type VersionMetrics } from './metrics.js';
import { baselineSeries } from './naive.js';
import { realizedTargets } from './series.js';
import { historyBars } from './train-version.js';

/** Forecasts of a stored (frozen) version at every bar of `bars` (laid on a regular grid first). */
export function frozenForecasts(
  bars: readonly Bar[],
  algorithm: AlgorithmName,
  spec: ForecastSpec<ModelParams>,
  artifact: Artifact,
): { grid: Bar[]; forecasts: Float64Array } {
  const grid = regularBars(bars, intervalMs[spec.interval]);
  const prepared = algorithms[algorithm].prepare(grid, spec);
  return { grid, forecasts: Float64Array.from(grid, (_bar, i) => prepared.forecast(artifact, i)) };
}

/**
 * Scores a stored version on [from, to): every bar in the window whose outcome also lies in it, with
 * features from the bars before it (`bars` may start earlier to provide that history).
 */
export function scoreWindow(
  bars: readonly Bar[],
  algorithm: AlgorithmName,
  spec: ForecastSpec<ModelParams>,
  artifact: Artifact,
  from: number,
  to: number,
): Omit<VersionMetrics, 'mseTrain' | 'r2Train' | 'trainSamples'> {
  const { grid, forecasts } = frozenForecasts(bars, algorithm, spec, artifact);
  const baseline = baselineSeries(grid, spec.target, spec.horizon);
  const targets = realizedTargets(grid, spec.target, spec.horizon);
  const indices: number[] = [];
  for (let i = 0; i + spec.horizon < grid.length; i++) {
    if (
      grid[i]!.ts >= from &&
      grid[i + spec.horizon]!.ts < to &&
      Number.isFinite(forecasts[i]!) &&
      Number.isFinite(baseline[i]!) &&
      Number.isFinite(targets[i]!)
    )
      indices.push(i);
  }
  if (indices.length === 0) {
    throw badUserInput(
      `The scoring window has no bar with a complete forecast and outcome (it needs data with ${historyBars(algorithm, spec.params)} bars of history before it and ${spec.horizon} after each scored bar).`,
      'from',
    );
  }
  const test = errorStats(
    indices.map((i) => forecasts[i]!),
    indices.map((i) => targets[i]!),
  );
  const base = errorStats(
    indices.map((i) => baseline[i]!),
    indices.map((i) => targets[i]!),
  );
  return {
    mseTest: test.mse,
    r2Test: test.r2,
    maeTest: test.mae,
    baselineMseTest: base.mse,
    skill: skillOf(test.mse, base.mse),
    evalFrom: new Date(grid[indices[0]!]!.ts).toISOString(),
    evalTo: new Date(to).toISOString(),
    testSamples: indices.length,
  };
}
