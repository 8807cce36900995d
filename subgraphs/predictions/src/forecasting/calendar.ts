import type { Bar, Interval } from './bar.js';

/**
 * The calendar slot of a bar that may carry its own volatility level, or null for the reference
 * slot: for daily bars the weekend days (crypto trades all week, but with far less volume on
 * Saturdays and Sundays), for intraday bars the UTC hour of day (the exchanges' busy hours).
 */
function slotOf(ts: number, interval: Interval): number | null {
  const date = new Date(ts);
  if (interval === 'D1') {
    const day = date.getUTCDay();
    return day === 6 ? 0 : day === 0 ? 1 : day === 1 ? 2 : null;
  }
  if (interval === 'H4') return date.getUTCHours() === 0 ? null : date.getUTCHours() / 4 - 1;
  const hour = date.getUTCHours();
  return hour === 0 ? null : hour - 1;
}

/** Number of calendar columns of an interval (slots other than the reference one). */
export function calendarColumns(interval: Interval): number {
  return interval === 'D1' ? 3 : interval === 'H4' ? 5 : 23;
}

/**
 * Calendar features of a forecast made at bar i for horizon h: for each slot, the share of the
 * target bars i+1 … i+h that fall into it. Bar times are known in advance, so these look ahead at
 * the calendar only, never at data.
 */
export function calendarFeatures(bars: readonly Bar[], interval: Interval, horizon: number, stepMs: number): Float64Array[] {
  const columns = calendarColumns(interval);
  const start = bars[0]?.ts ?? 0;
  return bars.map((_bar, i) => {
    const row = new Float64Array(columns);
    for (let k = 1; k <= horizon; k++) {
      const slot = slotOf(start + (i + k) * stepMs, interval);
      if (slot !== null) row[slot]! += 1 / horizon;
    }
    return row;
  });
}
