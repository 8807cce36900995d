import { describe, expect, it } from 'vitest';
import { shippedBars } from '../test-support/shipped-bars.js';
import { algorithms, parseParams, type AlgorithmName } from './algorithms.js';
import type { Bar } from './bar.js';
import { ewma } from './ewma.js';
import { har } from './har.js';
import { naive } from './naive.js';
import { ridge } from './ridge.js';
import { minTrainingBars, scoreWindow, trainWalkForward } from './walk-forward.js';

const btc = shippedBars('BTC', '1d');
const slice = btc.slice(1000, 1300);

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

const ret = (bars: Bar[], i: number) => Math.log(bars[i]!.close / bars[i - 1]!.close);
const park = (bar: Bar) => Math.sqrt(Math.log(bar.high / bar.low) ** 2 / (4 * Math.log(2)));
const futureVol = (bars: Bar[], i: number, h: number) => {
  let s = 0;
  for (let k = 1; k <= h; k++) s += park(bars[i + k]!);
  return s / h;
};

describe('forecasting algorithms on real BTC daily bars', () => {
  it('NAIVE is the sample std of the last 50 log returns', () => {
    const series = naive.forecastSeries(slice, { target: 'VOLATILITY', horizon: 1, params: { window: 50 } }, {});
    for (const i of [50, 51, 120, 299]) {
      const window = Array.from({ length: 50 }, (_v, k) => ret(slice, i - k));
      const mean = window.reduce((a, b) => a + b, 0) / 50;
      const std = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / 49);
      expect(series[i]).toBeCloseTo(std, 12);
    }
    expect(series[49]).toBeNaN();
  });

  it('EWMA follows the RiskMetrics recursion with λ = 0.94', () => {
    const series = ewma.forecastSeries(slice, { target: 'VOLATILITY', horizon: 1, params: { lambda: 0.94, warmup: 50 } }, {});
    let variance = ret(slice, 1) ** 2;
    for (let i = 2; i < slice.length; i++) {
      variance = 0.94 * variance + 0.06 * ret(slice, i) ** 2;
      if (i >= 50) expect(series[i]).toBeCloseTo(Math.sqrt(variance), 12);
    }
  });

  it('HAR equals OLS by normal equations on daily, weekly and monthly Parkinson volatility', () => {
    const h = 3;
    const params = { short: 1, medium: 5, long: 22 };
    const rows: number[][] = [];
    const ys: number[] = [];
    const indices: number[] = [];
    const mean = (i: number, w: number) => {
      let s = 0;
      for (let k = 0; k < w; k++) s += park(slice[i - k]!);
      return s / w;
    };
    for (let i = 22; i + h < 200; i++) {
      indices.push(i);
      rows.push([1, mean(i, 1), mean(i, 5), mean(i, 22)]);
      ys.push(futureVol(slice, i, h));
    }
    const xtx = [0, 1, 2, 3].map((a) => [0, 1, 2, 3].map((b) => rows.reduce((s, r) => s + r[a]! * r[b]!, 0)));
    const xty = [0, 1, 2, 3].map((a) => rows.reduce((s, r, k) => s + r[a]! * ys[k]!, 0));
    const beta = gauss(xtx, xty);
    const targets = new Float64Array(slice.length);
    indices.forEach((i, k) => (targets[i] = ys[k]!));
    const spec = { target: 'VOLATILITY' as const, horizon: h, params };
    const artifact = har.fit(slice, indices, targets, spec);
    const series = har.forecastSeries(slice, spec, artifact);
    for (const i of [22, 100, 250, 299]) {
      const expected = beta[0]! + beta[1]! * mean(i, 1) + beta[2]! * mean(i, 5) + beta[3]! * mean(i, 22);
      expect(series[i]! / expected).toBeCloseTo(1, 8);
    }
  });

  it('RIDGE equals ridge normal equations on standardized lagged features', () => {
    const lags = 2;
    const alpha = 3;
    const h = 1;
    const indices: number[] = [];
    const raw: number[][] = [];
    const ys: number[] = [];
    for (let i = lags; i + h < 250; i++) {
      indices.push(i);
      raw.push([ret(slice, i), ret(slice, i - 1), park(slice[i]!), park(slice[i - 1]!)]);
      ys.push(Math.log(slice[i + h]!.close / slice[i]!.close));
    }
    const n = raw.length;
    const means = [0, 1, 2, 3].map((j) => raw.reduce((s, r) => s + r[j]!, 0) / n);
    const sds = [0, 1, 2, 3].map((j) => Math.sqrt(raw.reduce((s, r) => s + (r[j]! - means[j]!) ** 2, 0) / n));
    const z = raw.map((r) => r.map((v, j) => (v - means[j]!) / sds[j]!));
    const yMean = ys.reduce((a, b) => a + b, 0) / n;
    const gram = [0, 1, 2, 3].map((a) => [0, 1, 2, 3].map((b) => z.reduce((s, r) => s + r[a]! * r[b]!, 0) + (a === b ? alpha : 0)));
    const rhs = [0, 1, 2, 3].map((a) => z.reduce((s, r, k) => s + r[a]! * (ys[k]! - yMean), 0));
    const beta = gauss(gram, rhs);
    const targets = new Float64Array(slice.length);
    indices.forEach((i, k) => (targets[i] = ys[k]!));
    const spec = { target: 'RETURN' as const, horizon: h, params: { alpha, lags } };
    const series = ridge.forecastSeries(slice, spec, ridge.fit(slice, indices, targets, spec));
    for (const i of [2, 77, 260, 299]) {
      const row = [ret(slice, i), ret(slice, i - 1), park(slice[i]!), park(slice[i - 1]!)];
      const expected = yMean + row.reduce((s, v, j) => s + (beta[j]! * (v - means[j]!)) / sds[j]!, 0);
      expect(series[i]).toBeCloseTo(expected, 12);
    }
  });
});

describe('no look-ahead', () => {
  const perturbAfter = (bars: Bar[], k: number): Bar[] =>
    bars.map((bar, i) => (i <= k ? bar : { ...bar, close: bar.close * (1 + 0.3 * Math.sin(i)), high: bar.high * 1.5, low: bar.low * 0.6 }));

  it.each(['NAIVE', 'EWMA', 'RIDGE', 'HAR'] as AlgorithmName[])('%s forecasts up to bar k ignore every bar after k', (name) => {
    const spec = { target: 'VOLATILITY' as const, horizon: 2, params: parseParams(name, {}) };
    const trained = trainWalkForward(slice, name, spec, slice[0]!.ts, slice[200]!.ts);
    const k = 230;
    const original = algorithms[name].forecastSeries(slice, spec, trained.artifact);
    const perturbed = algorithms[name].forecastSeries(perturbAfter(slice, k), spec, trained.artifact);
    expect(Array.from(perturbed.subarray(0, k + 1))).toEqual(Array.from(original.subarray(0, k + 1)));
    expect(Array.from(perturbed.subarray(k + 1))).not.toEqual(Array.from(original.subarray(k + 1)));
  });

  it.each(['RIDGE', 'HAR'] as AlgorithmName[])('%s training ignores data after the training window', (name) => {
    const spec = { target: 'RETURN' as const, horizon: 1, params: parseParams(name, {}) };
    const trainTo = slice[200]!.ts;
    const a = trainWalkForward(slice, name, spec, slice[0]!.ts, trainTo);
    const shuffled = [...slice.slice(0, 200), ...slice.slice(200).reverse().map((bar, k) => ({ ...bar, ts: slice[200 + k]!.ts }))];
    const b = trainWalkForward(shuffled, name, spec, slice[0]!.ts, trainTo);
    expect(b.artifact).toEqual(a.artifact);
    expect(b.metrics).toEqual(a.metrics);
  });
});

describe('walk-forward evaluation', () => {
  it('tests strictly after the fitted labels and computes skill against NAIVE(50) on the same samples', () => {
    const spec = { target: 'VOLATILITY' as const, horizon: 5, params: parseParams('HAR', {}) };
    const trainFrom = btc[0]!.ts;
    const trainTo = btc[1500]!.ts;
    const { metrics } = trainWalkForward(btc, 'HAR', spec, trainFrom, trainTo);
    expect(metrics.trainSamples).toBeGreaterThan(metrics.testSamples);
    expect(Date.parse(metrics.evalFrom)).toBeGreaterThan(trainFrom);
    expect(metrics.evalTo).toBe(new Date(trainTo).toISOString());
    expect(metrics.skill).toBeCloseTo(1 - metrics.mseTest / metrics.baselineMseTest, 12);
    // HAR is a genuinely better volatility forecast than the close-to-close baseline on BTC.
    expect(metrics.skill!).toBeGreaterThan(0);

    const naiveMetrics = trainWalkForward(btc, 'NAIVE', { ...spec, params: parseParams('NAIVE', {}) }, trainFrom, trainTo).metrics;
    expect(naiveMetrics.mseTest).toBeCloseTo(naiveMetrics.baselineMseTest, 15);
    expect(naiveMetrics.skill).toBeCloseTo(0, 12);
    expect(naiveMetrics.evalFrom).toBe(metrics.evalFrom);
  });

  it('the zero baseline of RETURN is the mean squared return', () => {
    const spec = { target: 'RETURN' as const, horizon: 1, params: parseParams('EWMA', {}) };
    const trained = trainWalkForward(btc, 'EWMA', spec, btc[0]!.ts, btc[600]!.ts);
    const scored = scoreWindow(btc, 'EWMA', spec, trained.artifact, btc[700]!.ts, btc[800]!.ts);
    let squares = 0;
    for (let i = 700; i < 799; i++) squares += ret(btc, i + 1) ** 2;
    expect(scored.testSamples).toBe(99);
    expect(scored.baselineMseTest).toBeCloseTo(squares / 99, 15);
  });

  it('says how much data a training window needs', () => {
    const spec = { target: 'VOLATILITY' as const, horizon: 10, params: parseParams('HAR', {}) };
    const needed = minTrainingBars('HAR', spec.params, 10);
    expect(() => trainWalkForward(btc, 'HAR', spec, btc[0]!.ts, btc[needed - 1]!.ts)).toThrow(new RegExp(`has ${needed - 1} bars; HAR with horizon 10 needs at least ${needed} bars`));
    expect(() => trainWalkForward(btc, 'HAR', spec, btc[0]!.ts, btc[needed]!.ts)).not.toThrow();
  });

  it('scoring an empty window is BAD_USER_INPUT', () => {
    const spec = { target: 'VOLATILITY' as const, horizon: 1, params: parseParams('NAIVE', {}) };
    expect(() => scoreWindow(btc, 'NAIVE', spec, {}, Date.parse('2030-01-01'), Date.parse('2030-02-01'))).toThrow(/no bar with a complete forecast/);
  });

  it('rejects params out of range or unknown, naming them', () => {
    expect(() => parseParams('EWMA', { lambda: 1.5 })).toThrow(/"params.lambda"/);
    expect(() => parseParams('HAR', { short: 5, medium: 5, long: 22 })).toThrow(/short < medium < long/);
    expect(() => parseParams('NAIVE', { windw: 10 })).toThrow(/unknown keys for NAIVE: windw/);
    expect(parseParams('RIDGE', {})).toEqual({ alpha: 1, lags: 5 });
  });
});
