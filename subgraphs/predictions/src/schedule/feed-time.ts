import { minuteMs, type BarClosedMessage, type PriceTickMessage } from '@cryptograph/core';

/**
 * The feed time a closed minute bar proves: its end (the bar is stored and final).
 */
export function feedTimeOfBarClosed(message: unknown): { symbol: string; time: number } | null {
  const bar = message as Partial<BarClosedMessage> | null;
  if (typeof bar?.symbol !== 'string' || typeof bar.ts !== 'string') return null;
  const start = Date.parse(bar.ts);
  return Number.isNaN(start) ? null : { symbol: bar.symbol, time: start + minuteMs };
}

/**
 * The feed time a price tick proves. Replayed and simulated ticks are published at the start of a
 * stored minute bar (so that minute is complete); a live tick is a trade inside a minute that is
 * still filling, so only the minutes before it are complete.
 */
export function feedTimeOfTick(message: unknown): { symbol: string; time: number } | null {
  const tick = message as Partial<PriceTickMessage> | null;
  if (typeof tick?.symbol !== 'string' || typeof tick.ts !== 'string') return null;
  const ts = Date.parse(tick.ts);
  if (Number.isNaN(ts)) return null;
  const minute = Math.floor(ts / minuteMs) * minuteMs;
  return { symbol: tick.symbol, time: tick.source === 'LIVE' ? minute : minute + minuteMs };
}
