import type { Artifact, ExpandingFit, PreparedForecast } from './algorithm.js';
import { LinearAccumulator, predictLinear, type LinearModel } from './linear-model.js';

/** How a linear forecaster maps the target into the regression and back. */
export interface LinearTransform {
  /** The regressand of a realized target (e.g. its log); NaN excludes the sample. */
  toRegression(target: number): number;
  /** Whether forecasts are `exp` of the regression with Duan's smearing correction (log models). */
  readonly logScale: boolean;
}

/** The regression is on the target itself. */
export const identityTransform: LinearTransform = { toRegression: (target) => target, logScale: false };

/** The artifact of a linear forecaster: the model, and the smearing factor of log models. */
export interface LinearArtifact extends Artifact {
  readonly model: LinearModel;
  readonly smearing?: number;
}

/**
 * A prepared linear forecaster over feature rows (null where incomplete): least squares (`alpha`
 * = 0) or ridge, refitted cheaply as the walk-forward adds samples. On the log scale the forecast is
 * `exp(ŷ) · mean(exp(residuals))` (Duan's smearing estimator), which removes the bias of exp(E[log y]).
 */
export function linearForecast(rows: readonly (Float64Array | null)[], alpha: number, transform: LinearTransform = identityTransform): PreparedForecast {
  const forecast = (artifact: Artifact, index: number) => {
    const row = rows[index];
    if (!row) return Number.NaN;
    const { model, smearing } = artifact as LinearArtifact;
    const value = predictLinear(model, row);
    return transform.logScale ? Math.exp(value) * (smearing ?? 1) : value;
  };
  return {
    ready: (index) => rows[index] !== null && rows[index] !== undefined,
    forecast,
    expandingFit(targets): ExpandingFit {
      const accumulator = new LinearAccumulator(rows.find((row) => row !== null)?.length ?? 0);
      const added: number[] = [];
      return {
        get count() {
          return added.length;
        },
        add(index) {
          const row = rows[index];
          const y = transform.toRegression(targets[index]!);
          if (!row || !Number.isFinite(y)) return;
          accumulator.add(row, y);
          added.push(index);
        },
        artifact() {
          const model = accumulator.fit(alpha);
          if (!transform.logScale) return { model } satisfies LinearArtifact;
          let sum = 0;
          for (const index of added) sum += Math.exp(transform.toRegression(targets[index]!) - predictLinear(model, rows[index]!));
          return { model, smearing: added.length > 0 ? sum / added.length : 1 } satisfies LinearArtifact;
        },
      };
    },
  };
}
