import type { Artifact, ForecastSpec } from './algorithm.js';
import type { AlgorithmName, ModelParams } from './algorithms.js';
import type { Bar } from './bar.js';
import { frozenForecasts } from './score-window.js';

/**
 * The forecasts a stored version makes at the close of each bar of `bars` whose start is in `starts` (NaN where the
 * history is too short or a bar is missing).
 */
export function forecastsAt(
  bars: readonly Bar[],
  algorithm: AlgorithmName,
  spec: ForecastSpec<ModelParams>,
  artifact: Artifact,
  starts: readonly number[],
): number[] {
  const { grid, forecasts } = frozenForecasts(bars, algorithm, spec, artifact);
  const indexOf = new Map(grid.map((bar, i) => [bar.ts, i]));
  return starts.map((ts) => {
    const index = indexOf.get(ts);
    return index === undefined ? Number.NaN : forecasts[index]!;
  });
}

/** The forecast made at the close of the last bar of `bars` (NaN when there is too little history). */
export function forecastLast(bars: readonly Bar[], algorithm: AlgorithmName, spec: ForecastSpec<ModelParams>, artifact: Artifact): number {
  const last = bars.at(-1);
  return last ? forecastsAt(bars, algorithm, spec, artifact, [last.ts])[0]! : Number.NaN;
}
