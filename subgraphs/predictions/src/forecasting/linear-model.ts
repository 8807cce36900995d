import { Matrix, solve } from 'ml-matrix';

/** A fitted linear model `y = intercept + Σ coef_j (x_j − mean_j) / scale_j`. */
export interface LinearModel {
  readonly intercept: number;
  readonly coef: number[];
  readonly means: number[];
  readonly scales: number[];
}

/**
 * Least squares with an unpenalized intercept, via ml-matrix. `alpha` = 0 is ordinary least squares
 * on the raw features (QR); `alpha` > 0 is ridge on standardized features (normal equations
 * (ZᵀZ + αI)β = Zᵀ(y − ȳ), LU).
 */
export function fitLinear(rows: readonly number[][], y: readonly number[], alpha: number): LinearModel {
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  if (alpha === 0) {
    const design = new Matrix(rows.map((row) => [1, ...row]));
    const beta = solve(design, Matrix.columnVector([...y])).to1DArray();
    return { intercept: beta[0]!, coef: beta.slice(1), means: new Array(p).fill(0), scales: new Array(p).fill(1) };
  }
  const means = new Array<number>(p).fill(0);
  const scales = new Array<number>(p).fill(0);
  for (const row of rows) for (let j = 0; j < p; j++) means[j]! += row[j]! / n;
  for (const row of rows) for (let j = 0; j < p; j++) scales[j]! += (row[j]! - means[j]!) ** 2 / n;
  for (let j = 0; j < p; j++) scales[j] = Math.sqrt(scales[j]!) || 1;
  const z = new Matrix(rows.map((row) => row.map((value, j) => (value - means[j]!) / scales[j]!)));
  const yMean = y.reduce((sum, value) => sum + value, 0) / n;
  const centered = Matrix.columnVector(y.map((value) => value - yMean));
  const gram = z.transpose().mmul(z).add(Matrix.eye(p, p).mul(alpha));
  const coef = solve(gram, z.transpose().mmul(centered)).to1DArray();
  return { intercept: yMean, coef, means, scales };
}

/** Applies a fitted linear model to one feature row. */
export function predictLinear(model: LinearModel, row: readonly number[]): number {
  let value = model.intercept;
  for (let j = 0; j < model.coef.length; j++) value += (model.coef[j]! * (row[j]! - model.means[j]!)) / model.scales[j]!;
  return value;
}
