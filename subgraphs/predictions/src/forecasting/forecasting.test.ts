import { describe, expect, it } from 'vitest';
import { shippedBars } from '../test-support/shipped-bars.js';
import type { Artifact, ForecastSpec } from './algorithm.js';
import { algorithms, assertForecasts, parseParams, type AlgorithmName, type ModelParams } from './algorithms.js';
import type { Bar } from './bar.js';
import { regularBars } from './bar-grid.js';
import { calendarFeatures } from './calendar.js';
import { evaluateWindow } from './evaluate-window.js';
import { realizedTargets } from './series.js';
import { walkForward } from './walk-forward.js';

const btc = shippedBars('BTC', '1d');
const slice = btc.slice(1000, 1300);
const day = 86_400_000;

/** Solves A x = b by Gaussian elimination with partial pivoting (the independent check of ml-matrix). */
function gauss(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Ordinary least squares with an intercept by the normal equations. */
function ols(rows: number[][], ys: number[]): number[] {
  const x = rows.map((row) => [1, ...row]);
  const p = x[0]!.length;
  const xtx = Array.from({ length: p }, (_a, a) => Array.from({ length: p }, (_b, b) => x.reduce((s, r) => s + r[a]! * r[b]!, 0)));
  const xty = Array.from({ length: p }, (_a, a) => x.reduce((s, r, k) => s + r[a]! * ys[k]!, 0));
  return gauss(xtx, xty);
}

const ret = (bars: Bar[], i: number) => Math.log(bars[i]!.close / bars[i - 1]!.close);
const park = (bar: Bar) => Math.sqrt(Math.log(bar.high / bar.low) ** 2 / (4 * Math.log(2)));
const futureVol = (bars: Bar[], i: number, h: number) => {
  let s = 0;
  for (let k = 1; k <= h; k++) s += park(bars[i + k]!);
  return s / h;
};
const spec = (algorithm: AlgorithmName, target: 'VOLATILITY' | 'RETURN', horizon: number, params: Record<string, unknown> = {}): ForecastSpec<ModelParams> => ({
  target,
  horizon,
  interval: 'D1',
  params: parseParams(algorithm, params, 'D1'),
});
const fitOn = (algorithm: AlgorithmName, bars: Bar[], s: ForecastSpec<ModelParams>, indices: number[]) => {
  const prepared = algorithms[algorithm].prepare(bars, s);
  const fit = prepared.expandingFit(realizedTargets(bars, s.target, s.horizon));
  indices.forEach((i) => fit.add(i));
  return { prepared, artifact: fit.artifact() };
};
const series = (algorithm: AlgorithmName, bars: Bar[], s: ForecastSpec<ModelParams>, artifact: Artifact = {}) => {
  const prepared = algorithms[algorithm].prepare(bars, s);
  return bars.map((_bar, i) => prepared.forecast(artifact, i));
};

describe('forecasting algorithms on real BTC daily bars', () => {
  it('NAIVE is the sample std of the last 50 log returns', () => {
    const forecasts = series('NAIVE', slice, spec('NAIVE', 'VOLATILITY', 1));
    for (const i of [50, 51, 120, 299]) {
      const window = Array.from({ length: 50 }, (_v, k) => ret(slice, i - k));
      const mean = window.reduce((a, b) => a + b, 0) / 50;
      const std = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / 49);
      expect(forecasts[i]).toBeCloseTo(std, 12);
    }
    expect(forecasts[49]).toBeNaN();
  });

  it('EWMA follows the RiskMetrics recursion with λ = 0.94', () => {
    const forecasts = series('EWMA', slice, spec('EWMA', 'VOLATILITY', 1));
    let variance = ret(slice, 1) ** 2;
    for (let i = 2; i < slice.length; i++) {
      variance = 0.94 * variance + 0.06 * ret(slice, i) ** 2;
      if (i >= 50) expect(forecasts[i]).toBeCloseTo(Math.sqrt(variance), 12);
    }
  });

  it('HAR equals OLS by normal equations on daily, weekly and monthly Parkinson volatility', () => {
    const h = 3;
    const s = spec('HAR', 'VOLATILITY', h);
    const mean = (i: number, w: number) => Array.from({ length: w }, (_v, k) => park(slice[i - k]!)).reduce((a, b) => a + b, 0) / w;
    const indices: number[] = [];
    for (let i = 21; i + h < 200; i++) indices.push(i);
    const beta = ols(
      indices.map((i) => [mean(i, 1), mean(i, 5), mean(i, 22)]),
      indices.map((i) => futureVol(slice, i, h)),
    );
    const { prepared, artifact } = fitOn('HAR', slice, s, indices);
    for (const i of [21, 100, 250, 299]) {
      const expected = beta[0]! + beta[1]! * mean(i, 1) + beta[2]! * mean(i, 5) + beta[3]! * mean(i, 22);
      expect(prepared.forecast(artifact, i) / expected).toBeCloseTo(1, 8);
    }
    expect(prepared.ready(20)).toBe(false);
  });

  it('HAR with a quarterly component and calendar effects equals OLS on those regressors', () => {
    const s = spec('HAR', 'VOLATILITY', 1, { quarter: 66, calendar: true });
    const mean = (i: number, w: number) => Array.from({ length: w }, (_v, k) => park(slice[i - k]!)).reduce((a, b) => a + b, 0) / w;
    const weekday = (i: number) => new Date(slice[i + 1]!.ts).getUTCDay();
    const row = (i: number) => [mean(i, 1), mean(i, 5), mean(i, 22), mean(i, 66), weekday(i) === 6 ? 1 : 0, weekday(i) === 0 ? 1 : 0, weekday(i) === 1 ? 1 : 0];
    const indices: number[] = [];
    for (let i = 65; i + 1 < 250; i++) indices.push(i);
    const beta = ols(
      indices.map(row),
      indices.map((i) => futureVol(slice, i, 1)),
    );
    const { prepared, artifact } = fitOn('HAR', slice, s, indices);
    for (const i of [65, 130, 280]) {
      const expected = row(i).reduce((sum, value, j) => sum + beta[j + 1]! * value, beta[0]!);
      expect(prepared.forecast(artifact, i) / expected).toBeCloseTo(1, 8);
    }
  });

  it('LOG_HAR is exp of OLS on logs times the smearing factor mean(exp(residual))', () => {
    const s = spec('LOG_HAR', 'VOLATILITY', 1);
    const logMean = (i: number, w: number) => Array.from({ length: w }, (_v, k) => Math.log(park(slice[i - k]!))).reduce((a, b) => a + b, 0) / w;
    const row = (i: number) => [logMean(i, 1), logMean(i, 5), logMean(i, 22)];
    const indices: number[] = [];
    for (let i = 21; i + 1 < 260; i++) indices.push(i);
    const ys = indices.map((i) => Math.log(futureVol(slice, i, 1)));
    const beta = ols(indices.map(row), ys);
    const fitted = (i: number) => row(i).reduce((sum, value, j) => sum + beta[j + 1]! * value, beta[0]!);
    const smearing = indices.reduce((sum, i, k) => sum + Math.exp(ys[k]! - fitted(i)), 0) / indices.length;
    expect(smearing).toBeGreaterThan(1);
    const { prepared, artifact } = fitOn('LOG_HAR', slice, s, indices);
    for (const i of [21, 150, 290]) expect(prepared.forecast(artifact, i) / (Math.exp(fitted(i)) * smearing)).toBeCloseTo(1, 8);
  });

  it('COMBINED is the equal-weight average of HAR and LOG_HAR', () => {
    const params = { quarter: 0, calendar: false };
    const indices = Array.from({ length: 200 }, (_v, k) => k + 30);
    const combined = fitOn('COMBINED', slice, spec('COMBINED', 'VOLATILITY', 1, params), indices);
    const harFit = fitOn('HAR', slice, spec('HAR', 'VOLATILITY', 1, params), indices);
    const logFit = fitOn('LOG_HAR', slice, spec('LOG_HAR', 'VOLATILITY', 1, params), indices);
    for (const i of [40, 250]) {
      expect(combined.prepared.forecast(combined.artifact, i)).toBeCloseTo(
        (harFit.prepared.forecast(harFit.artifact, i) + logFit.prepared.forecast(logFit.artifact, i)) / 2,
        14,
      );
    }
  });

  it('RIDGE equals ridge normal equations on standardized lagged features', () => {
    const lags = 2;
    const alpha = 3;
    const indices: number[] = [];
    const raw: number[][] = [];
    const ys: number[] = [];
    for (let i = lags; i + 1 < 250; i++) {
      indices.push(i);
      raw.push([ret(slice, i), ret(slice, i - 1), park(slice[i]!), park(slice[i - 1]!)]);
      ys.push(Math.log(slice[i + 1]!.close / slice[i]!.close));
    }
    const n = raw.length;
    const means = [0, 1, 2, 3].map((j) => raw.reduce((s, r) => s + r[j]!, 0) / n);
    const sds = [0, 1, 2, 3].map((j) => Math.sqrt(raw.reduce((s, r) => s + (r[j]! - means[j]!) ** 2, 0) / n));
    const z = raw.map((r) => r.map((v, j) => (v - means[j]!) / sds[j]!));
    const yMean = ys.reduce((a, b) => a + b, 0) / n;
    const gram = [0, 1, 2, 3].map((a) => [0, 1, 2, 3].map((b) => z.reduce((s, r) => s + r[a]! * r[b]!, 0) + (a === b ? alpha : 0)));
    const beta = gauss(
      gram,
      [0, 1, 2, 3].map((a) => z.reduce((s, r, k) => s + r[a]! * (ys[k]! - yMean), 0)),
    );
    const { prepared, artifact } = fitOn('RIDGE', slice, spec('RIDGE', 'RETURN', 1, { alpha, lags }), indices);
    for (const i of [2, 77, 260, 299]) {
      const row = [ret(slice, i), ret(slice, i - 1), park(slice[i]!), park(slice[i - 1]!)];
      expect(prepared.forecast(artifact, i)).toBeCloseTo(yMean + row.reduce((s, v, j) => s + (beta[j]! * (v - means[j]!)) / sds[j]!, 0), 12);
    }
  });

  it('calendar features are the shares of the target bars on Saturday, Sunday and Monday', () => {
    const friday = Date.parse('2024-06-07T00:00:00Z');
    const bars = Array.from({ length: 10 }, (_v, k) => ({ ts: friday + k * day, open: 1, high: 1, low: 1, close: 1 }));
    const rows = calendarFeatures(bars, 'D1', 3, day);
    expect(Array.from(rows[0]!)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(Array.from(rows[3]!)).toEqual([0, 0, 0]);
  });

  it('log and combination models forecast volatility only', () => {
    expect(() => assertForecasts('LOG_HAR', 'RETURN')).toThrow(/LOG_HAR forecasts VOLATILITY only/);
    expect(() => assertForecasts('COMBINED', 'RETURN')).toThrow(/COMBINED forecasts VOLATILITY only/);
    expect(() => assertForecasts('HAR', 'RETURN')).not.toThrow();
  });
});

describe('gaps in the bars', () => {
  const minute = shippedBars('ADA', '1m');
  const step = 60_000;

  it('become missing bars on a regular grid, so a window of k bars spans exactly k bar lengths', () => {
    const grid = regularBars(minute, step);
    expect(grid.length).toBe((minute.at(-1)!.ts - minute[0]!.ts) / step + 1);
    expect(grid.length - minute.length).toBe(91);
    grid.forEach((bar, i) => expect(bar.ts).toBe(minute[0]!.ts + i * step));
    const holes = grid.flatMap((bar, i) => (Number.isFinite(bar.close) ? [] : [i]));
    expect(holes).toHaveLength(91);
  });

  it('never stretch a rolling window: components over a gap use only the bars inside the window, and no sample or forecast is made at a missing bar', () => {
    const grid = regularBars(minute.slice(0, 5000), step);
    const hole = grid.findIndex((bar) => !Number.isFinite(bar.close));
    expect(hole).toBeGreaterThan(30);
    const s: ForecastSpec<ModelParams> = { target: 'VOLATILITY', horizon: 1, interval: 'M1', params: parseParams('HAR', {}, 'M1') };
    const prepared = algorithms.HAR.prepare(grid, s);
    expect(prepared.ready(hole)).toBe(false);
    const targets = realizedTargets(grid, 'VOLATILITY', 1);
    expect(targets[hole - 1]).toBeNaN();
    const { artifact } = fitOn(
      'HAR',
      grid,
      s,
      Array.from({ length: 200 }, (_v, k) => k + 30).filter((i) => i !== hole && i !== hole - 1),
    );
    // Bar hole+1: its weekly (5-bar) component holds 4 bars, all from the last 5 minutes.
    const model = (artifact as { model: { intercept: number; coef: number[]; means: number[]; scales: number[] } }).model;
    const present = [hole + 1, hole - 1, hole - 2, hole - 3].map((i) => park(grid[i]!));
    const weekly = present.reduce((a, b) => a + b, 0) / 4;
    const expectedAt = (daily: number, w: number, m: number) =>
      model.intercept + [daily, w, m].reduce((sum, x, j) => sum + (model.coef[j]! * (x - model.means[j]!)) / model.scales[j]!, 0);
    const monthly = Array.from({ length: 22 }, (_v, k) => hole + 1 - k)
      .filter((i) => i !== hole)
      .map((i) => park(grid[i]!));
    expect(prepared.forecast(artifact, hole + 1)).toBeCloseTo(
      expectedAt(park(grid[hole + 1]!), weekly, monthly.reduce((a, b) => a + b, 0) / monthly.length),
      12,
    );
  });
});

describe('no look-ahead in the refit walk-forward', () => {
  const perturbAfter = (bars: Bar[], k: number): Bar[] =>
    bars.map((bar, i) => (i <= k ? bar : { ...bar, close: bar.close * (1 + 0.3 * Math.sin(i)), high: bar.high * 1.5, low: bar.low * 0.6 }));
  const from = btc[2800]!.ts;
  const to = btc[3100]!.ts;
  const k = 2950;

  it.each(['NAIVE', 'EWMA', 'RIDGE', 'HAR', 'LOG_HAR', 'COMBINED'] as AlgorithmName[])(
    '%s: changing bars after k changes no forecast made at or before k',
    (name) => {
      const s = spec(name, 'VOLATILITY', 2, name === 'HAR' ? { quarter: 66, calendar: true, refitEvery: 3 } : { refitEvery: 3 });
      const run = (bars: Bar[]) => {
        const grid = regularBars(bars.slice(0, 3100), day);
        const prepared = algorithms[name].prepare(grid, s);
        const targets = realizedTargets(grid, 'VOLATILITY', 2);
        const forecasts: number[] = [];
        const fit = prepared.expandingFit(targets);
        let next = 0;
        let artifact: Artifact | null = null;
        for (let origin = 2800; origin < 3100; origin++) {
          if ((origin - 2800) % 3 === 0) {
            while (next + 2 <= origin) {
              if (prepared.ready(next) && Number.isFinite(targets[next]!)) fit.add(next);
              next += 1;
            }
            artifact = fit.artifact();
          }
          forecasts.push(prepared.forecast(artifact!, origin));
        }
        return forecasts;
      };
      const original = run(btc);
      const perturbed = run(perturbAfter(btc, k));
      const cut = k - 2800 + 1;
      expect(perturbed.slice(0, cut)).toEqual(original.slice(0, cut));
      expect(perturbed.slice(cut)).not.toEqual(original.slice(cut));
      // And the product's walk-forward agrees on the unperturbed window's quality whatever comes after it.
      const before = evaluateWindow(btc, name, s, from, btc[k - 1]!.ts);
      const after = evaluateWindow(perturbAfter(btc, k + 5), name, s, from, btc[k - 1]!.ts);
      expect(after).toEqual(before);
      expect(before.samples).toBe(k - 1 - 2800 - 2);
      expect(to).toBeGreaterThan(from);
    },
  );

  it.each(['NAIVE', 'EWMA', 'RIDGE', 'HAR', 'LOG_HAR', 'COMBINED'] as AlgorithmName[])(
    '%s: the product walk-forward on the whole series (refit every 3 bars) makes the same forecasts at or before k whatever the bars after k',
    (name) => {
      const s = spec(name, 'VOLATILITY', 2, name === 'HAR' ? { quarter: 66, calendar: true, refitEvery: 3 } : { refitEvery: 3 });
      const origins = Array.from({ length: 300 }, (_v, index) => 2800 + index);
      const run = (bars: Bar[]) => {
        // Nothing is cut before the walk-forward: only its own rule keeps the future out.
        const grid = regularBars(bars.slice(0, 3100), day);
        const prepared = algorithms[name].prepare(grid, s);
        const targets = realizedTargets(grid, 'VOLATILITY', 2);
        const samples = grid.flatMap((_bar, i) => (prepared.ready(i) && Number.isFinite(targets[i]!) ? [i] : []));
        return Array.from(walkForward(prepared, targets, samples, origins, 2, 3).forecasts);
      };
      const original = run(btc);
      const perturbed = run(perturbAfter(btc, k));
      const cut = k - 2800 + 1;
      expect(perturbed.slice(0, cut)).toEqual(original.slice(0, cut));
      expect(original.slice(0, cut).every(Number.isFinite)).toBe(true);
      expect(perturbed.slice(cut)).not.toEqual(original.slice(cut));
    },
  );
});

describe('params', () => {
  it('rejects params out of range or unknown, naming them, and fills the evaluation defaults of the interval', () => {
    expect(() => parseParams('EWMA', { lambda: 1.5 })).toThrow(/"params.lambda"/);
    expect(() => parseParams('HAR', { short: 5, medium: 5, long: 22 })).toThrow(/short < medium < long/);
    expect(() => parseParams('HAR', { quarter: 10 })).toThrow(/"params.quarter" must be 0 \(none\) or more than long/);
    expect(() => parseParams('NAIVE', { windw: 10 })).toThrow(/unknown keys for NAIVE: windw/);
    expect(() => parseParams('NAIVE', { refitEvery: 0 })).toThrow(/"params.refitEvery"/);
    expect(parseParams('RIDGE', {})).toEqual({ alpha: 1, lags: 5, refitEvery: 1, validationBars: 90, testBars: 60, retrainEvery: 1 });
    expect(parseParams('HAR', { calendar: true }, 'M5')).toEqual({
      short: 1,
      medium: 5,
      long: 22,
      quarter: 0,
      calendar: true,
      refitEvery: 12,
      validationBars: 288,
      testBars: 144,
      retrainEvery: 12,
    });
  });
});
