import { Matrix, solve } from 'ml-matrix';

/** A fitted linear model `y = intercept + Σ coef_j (x_j − mean_j) / scale_j`. */
export interface LinearModel {
  readonly intercept: number;
  readonly coef: number[];
  readonly means: number[];
  readonly scales: number[];
}

/**
 * Running sums of a least-squares problem (n, Σx, Σxxᵀ, Σy, Σxy), so an expanding-window
 * walk-forward adds each sample once and refits in O(p³) instead of re-reading every sample.
 * The sums are kept in the raw coordinates; `fit` centres and scales them.
 */
export class LinearAccumulator {
  private n = 0;
  private sumY = 0;
  private readonly sumX: Float64Array;
  private readonly sumXY: Float64Array;
  private readonly sumXX: Float64Array;

  constructor(private readonly p: number) {
    this.sumX = new Float64Array(p);
    this.sumXY = new Float64Array(p);
    this.sumXX = new Float64Array(p * p);
  }

  /** Samples added so far. */
  get count(): number {
    return this.n;
  }

  /** Adds one sample (a feature row and its target). */
  add(row: ArrayLike<number>, y: number): void {
    const p = this.p;
    this.n += 1;
    this.sumY += y;
    for (let a = 0; a < p; a++) {
      const xa = row[a]!;
      this.sumX[a]! += xa;
      this.sumXY[a]! += xa * y;
      for (let b = a; b < p; b++) this.sumXX[a * p + b]! += xa * row[b]!;
    }
  }

  /**
   * Least squares with an unpenalized intercept on the samples added so far, via ml-matrix: `alpha`
   * = 0 is ordinary least squares, `alpha` > 0 ridge on standardized features ((ZᵀZ + αI)β = Zᵀ(y − ȳ)).
   * Features without variance in the sample (a calendar slot not seen yet) get coefficient 0.
   */
  fit(alpha: number): LinearModel {
    const { n, p } = this;
    const means = Array.from(this.sumX, (sum) => sum / n);
    const yMean = this.sumY / n;
    const covariance = (a: number, b: number) => this.sumXX[Math.min(a, b) * p + Math.max(a, b)]! - n * means[a]! * means[b]!;
    const scales = means.map((_mean, j) => Math.sqrt(Math.max(0, covariance(j, j)) / n));
    // A column whose spread is within rounding of its level is constant in this sample.
    const live = scales.map((_scale, j) => j).filter((j) => scales[j]! > 0 && scales[j]! > 1e-7 * Math.abs(means[j]!));
    const coef = new Array<number>(p).fill(0);
    if (live.length > 0) {
      const gram = new Matrix(live.length, live.length);
      const rhs = new Matrix(live.length, 1);
      live.forEach((a, r) => {
        live.forEach((b, c) => gram.set(r, c, covariance(a, b) / (scales[a]! * scales[b]!) + (r === c ? alpha : 0)));
        rhs.set(r, 0, (this.sumXY[a]! - n * means[a]! * yMean) / scales[a]!);
      });
      const beta = solve(gram, rhs).to1DArray();
      live.forEach((j, r) => (coef[j] = beta[r]!));
    }
    return { intercept: yMean, coef, means, scales: scales.map((scale) => scale || 1) };
  }
}

/** Least squares on the given rows (see `LinearAccumulator.fit`). */
export function fitLinear(rows: readonly ArrayLike<number>[], y: readonly number[], alpha: number): LinearModel {
  const accumulator = new LinearAccumulator(rows[0]?.length ?? 0);
  rows.forEach((row, k) => accumulator.add(row, y[k]!));
  return accumulator.fit(alpha);
}

/** Applies a fitted linear model to one feature row. */
export function predictLinear(model: LinearModel, row: ArrayLike<number>): number {
  let value = model.intercept;
  for (let j = 0; j < model.coef.length; j++) value += (model.coef[j]! * (row[j]! - model.means[j]!)) / model.scales[j]!;
  return value;
}
