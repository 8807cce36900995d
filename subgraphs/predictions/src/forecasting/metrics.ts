/** Error statistics of forecasts against actuals. */
export interface ErrorStats {
  readonly mse: number;
  readonly mae: number;
  readonly r2: number;
}

/** MSE, MAE and R² (1 − SSE/SST around the actuals' mean) of paired values. */
export function errorStats(forecasts: readonly number[], actuals: readonly number[]): ErrorStats {
  const n = actuals.length;
  const mean = actuals.reduce((sum, value) => sum + value, 0) / n;
  let sse = 0;
  let sae = 0;
  let sst = 0;
  for (let k = 0; k < n; k++) {
    const error = forecasts[k]! - actuals[k]!;
    sse += error * error;
    sae += Math.abs(error);
    sst += (actuals[k]! - mean) ** 2;
  }
  return { mse: sse / n, mae: sae / n, r2: sst === 0 ? 0 : 1 - sse / sst };
}

/** `1 − mse / baselineMse`; null when the baseline is perfect (MSE 0). */
export function skillOf(mse: number, baselineMse: number): number | null {
  return baselineMse === 0 ? null : 1 - mse / baselineMse;
}

/**
 * Evaluation metrics of a model version (GraphQL `ModelMetrics`); times are ISO-8601 UTC. The test
 * fields describe the test window of a training run (or the window of a scoring run); the
 * validation fields the validation window of a training run (null for scoring runs).
 */
export interface VersionMetrics {
  readonly mseTrain: number | null;
  readonly r2Train: number | null;
  readonly mseTest: number;
  readonly r2Test: number;
  readonly maeTest: number;
  readonly baselineMseTest: number;
  /** `1 − mseTest / baselineMseTest`; null when the baseline is perfect (MSE 0). */
  readonly skill: number | null;
  readonly evalFrom: string;
  readonly evalTo: string;
  readonly trainSamples: number;
  readonly testSamples: number;
  readonly mseValidation?: number | null;
  readonly baselineMseValidation?: number | null;
  readonly skillValidation?: number | null;
  /** Start of the validation window (inclusive): bar times of the forecasts it holds. */
  readonly validationFrom?: string | null;
  /** End of the validation window (exclusive). */
  readonly validationTo?: string | null;
  readonly validationSamples?: number;
  /** Fits made by the walk-forward (expanding window, every `refitEvery` bars). */
  readonly refits?: number;
}
