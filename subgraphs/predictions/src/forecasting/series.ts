import type { Bar, Target } from './bar.js';

const fourLn2 = 4 * Math.log(2);

/** Share of a rolling window's bars that must be present for the window to count (the rest may be gaps). */
export const minWindowCoverage = 0.8;

/** Log close-to-close returns: `r[i] = ln(close[i] / close[i-1])`; NaN at 0 and next to a missing bar. */
export function logReturns(bars: readonly Bar[]): Float64Array {
  const out = new Float64Array(bars.length).fill(Number.NaN);
  for (let i = 1; i < bars.length; i++) out[i] = Math.log(bars[i]!.close / bars[i - 1]!.close);
  return out;
}

/** Parkinson high–low volatility of each bar: `√(ln(high/low)² / (4 ln 2))`; NaN for a missing bar. */
export function parkinson(bars: readonly Bar[]): Float64Array {
  const out = new Float64Array(bars.length);
  for (let i = 0; i < bars.length; i++) {
    const range = Math.log(bars[i]!.high / bars[i]!.low);
    out[i] = Math.sqrt((range * range) / fourLn2);
  }
  return out;
}

/** Present (finite) values needed in a window of `window` bars. */
function needed(window: number): number {
  return Math.max(1, Math.ceil(window * minWindowCoverage));
}

/** Sum and count of the present (finite) values of `values[start..end]`. */
function presentSum(values: Float64Array, start: number, end: number): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let k = start; k <= end; k++) {
    const value = values[k]!;
    if (Number.isFinite(value)) {
      sum += value;
      count += 1;
    }
  }
  return { sum, count };
}

/**
 * Sample standard deviation (n − 1) of the present values of `values[end-window+1..end]`; NaN when
 * the window reaches before the start or fewer than `minWindowCoverage` of its values are present.
 */
export function trailingStd(values: Float64Array, end: number, window: number): number {
  const start = end - window + 1;
  if (start < 0 || window < 2) return Number.NaN;
  const { sum, count } = presentSum(values, start, end);
  if (count < Math.max(2, needed(window))) return Number.NaN;
  const mean = sum / count;
  let squares = 0;
  for (let k = start; k <= end; k++) {
    const value = values[k]!;
    if (Number.isFinite(value)) squares += (value - mean) ** 2;
  }
  return Math.sqrt(squares / (count - 1));
}

/** Mean of the present values of `values[end-window+1..end]`; NaN when the window reaches before the start or too few are present. */
export function trailingMean(values: Float64Array, end: number, window: number): number {
  const start = end - window + 1;
  if (start < 0) return Number.NaN;
  const { sum, count } = presentSum(values, start, end);
  return count < needed(window) ? Number.NaN : sum / count;
}

/** `trailingMean` at every index, in one pass over running sums (for long windows on long series). */
export function rollingMean(values: Float64Array, window: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  const need = needed(window);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const incoming = values[i]!;
    if (Number.isFinite(incoming)) {
      sum += incoming;
      count += 1;
    }
    if (i >= window) {
      const outgoing = values[i - window]!;
      if (Number.isFinite(outgoing)) {
        sum -= outgoing;
        count -= 1;
      }
    }
    if (i >= window - 1 && count >= need) out[i] = sum / count;
  }
  return out;
}

/**
 * The realized target of bar `i` with horizon `h` (docs/models.md, "What is forecast"): VOLATILITY is the mean
 * Parkinson volatility of bars i+1 … i+h, RETURN the log return from close i to close i+h.
 * NaN when bar i+h does not exist or a bar it needs is missing.
 */
export function realizedTarget(bars: readonly Bar[], i: number, target: Target, horizon: number, vol = parkinson(bars)): number {
  if (i + horizon >= bars.length) return Number.NaN;
  if (target === 'RETURN') return Math.log(bars[i + horizon]!.close / bars[i]!.close);
  let sum = 0;
  for (let k = i + 1; k <= i + horizon; k++) sum += vol[k]!;
  return sum / horizon;
}

/** Realized targets of every bar (NaN where the horizon reaches past the data or over a missing bar). */
export function realizedTargets(bars: readonly Bar[], target: Target, horizon: number): Float64Array {
  const vol = parkinson(bars);
  const out = new Float64Array(bars.length);
  for (let i = 0; i < bars.length; i++) out[i] = realizedTarget(bars, i, target, horizon, vol);
  return out;
}
