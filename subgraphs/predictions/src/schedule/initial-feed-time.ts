import { minuteMs } from '@cryptograph/core';
import type { MarketClient } from '../market/market-client.js';

const dayMs = 86_400_000;

/**
 * Where an asset's timeline ends, from the start of its newest minute candle and of its newest
 * daily candle (null when it has none): the end of the newest minute bar, unless a daily bar starts
 * on a later day (stored daily history newer than the minute data, as on a fresh install, where
 * the shipped daily bars run half a year past the shipped minutes). A daily candle on the day of the
 * newest minute may be rolled up from those minutes, so the minutes decide then.
 */
export function timelineEnd(minuteStart: Date | null, dailyStart: Date | null): number | null {
  const minuteEnd = minuteStart ? minuteStart.getTime() + minuteMs : null;
  if (!dailyStart) return minuteEnd;
  const minuteDay = minuteStart ? Math.floor(minuteStart.getTime() / dayMs) * dayMs : Number.NEGATIVE_INFINITY;
  if (minuteEnd !== null && dailyStart.getTime() <= minuteDay) return minuteEnd;
  return Math.max(dailyStart.getTime() + dayMs, minuteEnd ?? Number.NEGATIVE_INFINITY);
}

/**
 * The feed time to start from when none was ever stored (a fresh install): where the stored
 * timeline of the tracked assets ends, which is where the offline feed starts on a fresh install
 * (after the newest bar of any kind) and what a live feed's backfill continues. Null without any
 * candle: the clock then waits for the feed's first message.
 */
export async function initialFeedTime(market: Pick<MarketClient, 'activeSymbols' | 'latestCandleStart'>): Promise<number | null> {
  let newest: number | null = null;
  for (const symbol of await market.activeSymbols()) {
    const end = timelineEnd(await market.latestCandleStart(symbol, 'M1'), await market.latestCandleStart(symbol, 'D1'));
    if (end !== null && (newest === null || end > newest)) newest = end;
  }
  return newest;
}
