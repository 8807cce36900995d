import { minuteMs } from '@cryptograph/core';
/** The requests one asset's backfill needs: daily bars for the older part, minute bars for the recent window. */
export interface BackfillPlan {
  readonly symbol: string;
  /** Daily bars starting in [from, to), or null when none are missing. */
  readonly days: { readonly from: Date; readonly to: Date } | null;
  /** Minute bars starting in [from, to), or null when none are missing. */
  readonly minutes: { readonly from: Date; readonly to: Date } | null;
}

const dayMs = 86_400_000;
/** How far back a backfill of an asset without any real bar reaches. */
export const firstBackfillDays = 3650;

/**
 * Plans what is missing of an asset since the end of its newest real bar (`realEnd`, null when it
 * has none): minute bars for the last `minuteDays` whole UTC days up to the current minute
 * (exclusive: only closed bars), daily bars for the whole days before that window. Ranges start at
 * the real end, so nothing real is fetched twice.
 */
export function planBackfill(symbol: string, realEnd: Date | null, now: Date, minuteDays: number): BackfillPlan {
  const nowMinute = Math.floor(now.getTime() / minuteMs) * minuteMs;
  const today = Math.floor(now.getTime() / dayMs) * dayMs;
  const windowStart = today - minuteDays * dayMs;
  const start = realEnd?.getTime() ?? today - firstBackfillDays * dayMs;
  const dayFrom = Math.ceil(start / dayMs) * dayMs;
  const days = dayFrom < windowStart ? { from: new Date(dayFrom), to: new Date(windowStart) } : null;
  const minuteFrom = Math.ceil(Math.max(start, windowStart) / minuteMs) * minuteMs;
  const minutes = minuteFrom < nowMinute ? { from: new Date(minuteFrom), to: new Date(nowMinute) } : null;
  return { symbol, days, minutes };
}
