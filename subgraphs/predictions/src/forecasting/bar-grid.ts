import type { Bar } from './bar.js';

/** A missing bar on a regular grid: every price is NaN, so everything computed from it is missing too. */
export function missingBar(ts: number): Bar {
  return { ts, open: Number.NaN, high: Number.NaN, low: Number.NaN, close: Number.NaN };
}

/** True when the bar holds prices (it is not a hole of the grid). */
export function isPresent(bar: Bar): boolean {
  return Number.isFinite(bar.close);
}

/**
 * Lays bars (oldest first, starts aligned to `stepMs`) on a regular time grid from the first to the
 * last bar, filling every missing bar with a `missingBar`. Index arithmetic on the result is time
 * arithmetic: a rolling window of k bars always spans k bar lengths, so a gap in the data (minutes
 * without trades, an outage) can never silently stretch a window over more time.
 */
export function regularBars(bars: readonly Bar[], stepMs: number): Bar[] {
  const first = bars[0];
  if (!first) return [];
  const out: Bar[] = [];
  let expected = first.ts;
  for (const bar of bars) {
    if (bar.ts < expected) continue;
    while (expected < bar.ts) {
      out.push(missingBar(expected));
      expected += stepMs;
    }
    out.push(bar);
    expected = bar.ts + stepMs;
  }
  return out;
}
