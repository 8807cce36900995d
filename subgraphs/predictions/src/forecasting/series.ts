import type { Bar, Target } from './bar.js';

const fourLn2 = 4 * Math.log(2);

/** Log close-to-close returns: `r[i] = ln(close[i] / close[i-1])`, NaN at 0. */
export function logReturns(bars: readonly Bar[]): Float64Array {
  const out = new Float64Array(bars.length).fill(Number.NaN);
  for (let i = 1; i < bars.length; i++) out[i] = Math.log(bars[i]!.close / bars[i - 1]!.close);
  return out;
}

/** Parkinson high–low volatility of each bar: `√(ln(high/low)² / (4 ln 2))`. */
export function parkinson(bars: readonly Bar[]): Float64Array {
  const out = new Float64Array(bars.length);
  for (let i = 0; i < bars.length; i++) {
    const range = Math.log(bars[i]!.high / bars[i]!.low);
    out[i] = Math.sqrt((range * range) / fourLn2);
  }
  return out;
}

/** Sample standard deviation (n − 1) of `values[end-window+1..end]`; NaN when a value is missing. */
export function trailingStd(values: Float64Array, end: number, window: number): number {
  const start = end - window + 1;
  if (start < 0 || window < 2) return Number.NaN;
  let sum = 0;
  for (let k = start; k <= end; k++) sum += values[k]!;
  const mean = sum / window;
  let squares = 0;
  for (let k = start; k <= end; k++) squares += (values[k]! - mean) ** 2;
  return Math.sqrt(squares / (window - 1));
}

/** Mean of `values[end-window+1..end]`; NaN when the window reaches before the start. */
export function trailingMean(values: Float64Array, end: number, window: number): number {
  const start = end - window + 1;
  if (start < 0) return Number.NaN;
  let sum = 0;
  for (let k = start; k <= end; k++) sum += values[k]!;
  return sum / window;
}

/**
 * The realized target of bar `i` with horizon `h` (DESIGN.md section 3): VOLATILITY is the mean
 * Parkinson volatility of bars i+1 … i+h, RETURN the log return from close i to close i+h.
 * NaN when bar i+h does not exist.
 */
export function realizedTarget(bars: readonly Bar[], i: number, target: Target, horizon: number, vol = parkinson(bars)): number {
  if (i + horizon >= bars.length) return Number.NaN;
  if (target === 'RETURN') return Math.log(bars[i + horizon]!.close / bars[i]!.close);
  let sum = 0;
  for (let k = i + 1; k <= i + horizon; k++) sum += vol[k]!;
  return sum / horizon;
}

/** Realized targets of every bar (NaN where the horizon reaches past the data). */
export function realizedTargets(bars: readonly Bar[], target: Target, horizon: number): Float64Array {
  const vol = parkinson(bars);
  const out = new Float64Array(bars.length);
  for (let i = 0; i < bars.length; i++) out[i] = realizedTarget(bars, i, target, horizon, vol);
  return out;
}
