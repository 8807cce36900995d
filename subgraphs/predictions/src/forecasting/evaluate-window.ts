import type { ForecastSpec } from './algorithm.js';
import { algorithms, type AlgorithmName, type ModelParams } from './algorithms.js';
import { intervalMs, type Bar } from './bar.js';
import { regularBars } from './bar-grid.js';
import { errorStats, skillOf } from './metrics.js';
import { baselineSeries } from './naive.js';
import { realizedTargets } from './series.js';
import { walkForward } from './walk-forward.js';

/** Out-of-sample quality of an algorithm's walk-forward over one window. */
export interface WindowEvaluation {
  readonly mse: number;
  readonly baselineMse: number;
  readonly skill: number | null;
  /** Forecasts scored. */
  readonly samples: number;
  readonly refits: number;
}

/**
 * Runs the walk-forward of `trainVersion` over every bar of [from, to) whose outcome lies before
 * `to`: each forecast from an expanding-window fit on all earlier data whose outcomes were known at
 * that bar's close, refitted every `refitEvery` bars; scored against the baseline on the same bars.
 */
export function evaluateWindow(bars: readonly Bar[], algorithm: AlgorithmName, spec: ForecastSpec<ModelParams>, from: number, to: number): WindowEvaluation {
  const grid = regularBars(
    bars.filter((bar) => bar.ts < to),
    intervalMs[spec.interval],
  );
  const prepared = algorithms[algorithm].prepare(grid, spec);
  const targets = realizedTargets(grid, spec.target, spec.horizon);
  const baseline = baselineSeries(grid, spec.target, spec.horizon);
  const samples: number[] = [];
  const origins: number[] = [];
  for (let i = 0; i < grid.length; i++) {
    if (prepared.ready(i) && Number.isFinite(targets[i]!)) samples.push(i);
    if (grid[i]!.ts >= from && Number.isFinite(targets[i]!)) origins.push(i);
  }
  const walk = walkForward(prepared, targets, samples, origins, spec.horizon, spec.params.refitEvery);
  const kept = origins
    .map((origin, k) => ({ origin, forecast: walk.forecasts[k]! }))
    .filter(({ origin, forecast }) => Number.isFinite(forecast) && Number.isFinite(baseline[origin]!));
  const actuals = kept.map(({ origin }) => targets[origin]!);
  const mse = errorStats(
    kept.map(({ forecast }) => forecast),
    actuals,
  ).mse;
  const baselineMse = errorStats(
    kept.map(({ origin }) => baseline[origin]!),
    actuals,
  ).mse;
  return { mse, baselineMse, skill: skillOf(mse, baselineMse), samples: kept.length, refits: walk.refits };
}
