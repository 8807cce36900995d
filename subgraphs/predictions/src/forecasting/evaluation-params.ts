import { z } from 'zod';
import { intervalMs, type Interval } from './bar.js';

/** How a model is evaluated and kept fresh, in bars of its interval (every algorithm takes these). */
export interface EvaluationParams {
  /** The walk-forward refits the expanding window every this many bars. */
  readonly refitEvery: number;
  /** Walk-forward forecasts in the validation window (used to select and promote). */
  readonly validationBars: number;
  /** Walk-forward forecasts in the test window at the end of training (reported, never used to choose). */
  readonly testBars: number;
  /** A PRODUCTION model is retrained into a challenger every this many bars of feed time. */
  readonly retrainEvery: number;
}

/** Names of the evaluation params, which sit beside the algorithm's own in `Model.params`. */
export const evaluationParamNames = ['refitEvery', 'validationBars', 'testBars', 'retrainEvery'] as const;

const dayMs = 86_400_000;
const hourMs = 3_600_000;

/**
 * Defaults by bar length: refit daily (D1) or hourly (intraday); validation a quarter of daily bars
 * or a day of intraday bars (at least 60 bars); test two thirds of that for D1 and half intraday;
 * retrain daily for D1 and hourly intraday (both in feed time).
 */
export function defaultEvaluationParams(interval: Interval): EvaluationParams {
  const step = intervalMs[interval];
  if (interval === 'D1') return { refitEvery: 1, validationBars: 90, testBars: 60, retrainEvery: 1 };
  const perHour = Math.max(1, Math.round(hourMs / step));
  const validationBars = Math.max(60, Math.round(dayMs / step));
  return { refitEvery: perHour, validationBars, testBars: Math.round(validationBars / 2), retrainEvery: perHour };
}

/** The zod schema of the evaluation params of an interval, defaults filled in. */
export function evaluationParamsSchema(interval: Interval) {
  const defaults = defaultEvaluationParams(interval);
  return z.strictObject({
    refitEvery: z.number().int().min(1).max(10_000).default(defaults.refitEvery),
    validationBars: z.number().int().min(12).max(100_000).default(defaults.validationBars),
    testBars: z.number().int().min(12).max(100_000).default(defaults.testBars),
    retrainEvery: z.number().int().min(1).max(100_000).default(defaults.retrainEvery),
  });
}
