import type { Artifact } from '../forecasting/algorithm.js';
import { intervalMs } from '../forecasting/bar.js';
import { forecastsAt } from '../forecasting/forecast-last.js';
import { historyBars } from '../forecasting/train-version.js';
import type { FetchCandles } from '../market/market-client.js';
import { modelParams } from '../models/model-params.js';
import type { ModelRow } from '../models/model.table.js';
import type { ModelVersionRow } from '../versions/model-version.table.js';

/** Extra bars loaded before the first forecast so that recursive forecasts (EWMA) have settled. */
const settleBars = 200;

/** A forecast made at the close of one bar. */
export interface BarForecast {
  /** Start of the bar. */
  readonly ts: number;
  readonly value: number;
}

/** What `forecastBars` found: the forecasts, and the asked bars that are not stored (yet). */
export interface BarForecasts {
  readonly forecasts: BarForecast[];
  readonly missing: number[];
  /** Start of the newest stored bar in the range read (null when none). */
  readonly newestStored: number | null;
}

/**
 * Forecasts of a version at the close of each bar in `starts` (ascending), from one market request
 * covering their history: only bars up to each forecast bar enter it. Bars that are not stored are
 * reported as missing; so are bars whose history is too short to forecast.
 */
export async function forecastBars(fetchCandles: FetchCandles, model: ModelRow, version: ModelVersionRow, starts: readonly number[]): Promise<BarForecasts> {
  if (starts.length === 0) return { forecasts: [], missing: [], newestStored: null };
  const step = intervalMs[model.interval];
  const params = { ...modelParams(model), ...version.params };
  const from = starts[0]! - (historyBars(model.algorithm, params) + settleBars) * step;
  const bars = await fetchCandles(model.symbol, model.interval, new Date(from), new Date(starts.at(-1)! + step));
  const stored = new Set(bars.map((bar) => bar.ts));
  const values = forecastsAt(
    bars,
    model.algorithm,
    { target: model.target, horizon: model.horizon, interval: model.interval, params },
    version.artifact as Artifact,
    starts,
  );
  const forecasts: BarForecast[] = [];
  const missing: number[] = [];
  starts.forEach((ts, k) => {
    const value = values[k]!;
    if (stored.has(ts) && Number.isFinite(value)) forecasts.push({ ts, value });
    else missing.push(ts);
  });
  return { forecasts, missing, newestStored: bars.at(-1)?.ts ?? null };
}
