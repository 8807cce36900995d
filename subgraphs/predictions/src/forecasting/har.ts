import { z } from 'zod';
import type { ForecastAlgorithm, ForecastSpec } from './algorithm.js';
import type { Bar } from './bar.js';
import { calendarColumns, calendarFeatures } from './calendar.js';
import { intervalMs } from './bar.js';
import { linearForecast, type LinearTransform } from './linear-forecast.js';
import { logReturns, parkinson, rollingMean } from './series.js';

/**
 * HAR parameters: the averaging horizons in bars (Corsi 2009: 1, 5 and 22 days), an optional
 * quarterly component (0 = none; 66 days in the literature) and calendar effects.
 */
export interface HarParams {
  readonly short: number;
  readonly medium: number;
  readonly long: number;
  /** Bars of the quarterly component, or 0 for none. */
  readonly quarter: number;
  /** Adds the calendar slot of the target bars (weekend days for D1, hour of day intraday) as regressors. */
  readonly calendar: boolean;
}

/** The zod shape of HAR parameters with the given defaults. */
export function harParamsSchema(defaults: HarParams) {
  return z
    .strictObject({
      short: z.number().int().min(1).max(10).default(defaults.short),
      medium: z.number().int().min(2).max(100).default(defaults.medium),
      long: z.number().int().min(3).max(1000).default(defaults.long),
      quarter: z.number().int().min(0).max(5000).default(defaults.quarter),
      calendar: z.boolean().default(defaults.calendar),
    })
    .refine((p) => p.short < p.medium && p.medium < p.long, { message: 'must satisfy short < medium < long', path: ['long'] })
    .refine((p) => p.quarter === 0 || p.quarter > p.long, { message: 'must be 0 (none) or more than long', path: ['quarter'] });
}

/** Plain HAR: daily, weekly and monthly components, nothing else. */
export const plainHarParams: HarParams = { short: 1, medium: 5, long: 22, quarter: 0, calendar: false };

/** Smallest volatility a log model takes the log of (a flat bar has Parkinson volatility 0). */
export const logFloor = 1e-6;

/** The log of a volatility, floored at `logFloor`; NaN stays NaN. */
export const flooredLog = (value: number) => (Number.isFinite(value) ? Math.log(Math.max(value, logFloor)) : Number.NaN);

/** The regression of log-HAR: on the log of the target, back with smearing. */
export const logTransform: LinearTransform = { toRegression: flooredLog, logScale: true };

/**
 * HAR feature rows of every bar: the means of the per-bar series (Parkinson volatility, or its log
 * for log models; log returns for RETURN) over the last `short`, `medium`, `long` (and `quarter`)
 * bars, then the calendar columns; null while a component is incomplete.
 */
export function harFeatures(bars: readonly Bar[], spec: ForecastSpec<HarParams>, logScale: boolean): (Float64Array | null)[] {
  const { params } = spec;
  const vol = spec.target === 'VOLATILITY' ? parkinson(bars) : logReturns(bars);
  const series = logScale ? vol.map(flooredLog) : vol;
  const windows = [params.short, params.medium, params.long, ...(params.quarter > 0 ? [params.quarter] : [])];
  const components = windows.map((window) => rollingMean(series, window));
  const calendar = params.calendar ? calendarFeatures(bars, spec.interval, spec.horizon, intervalMs[spec.interval]) : null;
  const width = windows.length + (calendar ? calendarColumns(spec.interval) : 0);
  return bars.map((_bar, i) => {
    const row = new Float64Array(width);
    for (let k = 0; k < components.length; k++) {
      const value = components[k]![i]!;
      if (!Number.isFinite(value)) return null;
      row[k] = value;
    }
    if (calendar) row.set(calendar[i]!, windows.length);
    return row;
  });
}

/** Warmup of HAR models: the longest component. */
const harWarmup = (params: HarParams) => Math.max(params.long, params.quarter);

/** HAR (Corsi 2009): ordinary least squares of the target on its short, medium, long (and quarterly) averages. */
export const har: ForecastAlgorithm<HarParams> = {
  params: harParamsSchema(plainHarParams),
  targets: ['VOLATILITY', 'RETURN'],
  warmup: harWarmup,
  prepare: (bars, spec) => linearForecast(harFeatures(bars, spec, false), 0),
};

/**
 * Log-HAR: least squares of log volatility on the averages of log Parkinson volatility, forecast as
 * `exp(ŷ)` times Duan's smearing factor (the bias correction of a log model). Volatility only.
 */
export const logHar: ForecastAlgorithm<HarParams> = {
  params: harParamsSchema(plainHarParams),
  targets: ['VOLATILITY'],
  warmup: harWarmup,
  prepare: (bars, spec) => linearForecast(harFeatures(bars, spec, true), 0, logTransform),
};
