import { describe, expect, it } from 'vitest';
import { initialFeedTime, timelineEnd } from './initial-feed-time.js';

const at = (iso: string) => new Date(iso);

describe('the feed time a fresh install starts from', () => {
  it('is the end of the newest bar of any kind: daily history newer than the minutes wins', () => {
    // The shipped data: minutes to 2023-12-29 17:55, daily bars to 2024-06-30.
    expect(timelineEnd(at('2023-12-29T17:55:00Z'), at('2024-06-30T00:00:00Z'))).toBe(Date.parse('2024-07-01T00:00:00Z'));
    expect(timelineEnd(null, at('2024-06-30T00:00:00Z'))).toBe(Date.parse('2024-07-01T00:00:00Z'));
  });

  it('follows the minutes when the newest daily candle is the day they are in (rolled up from them, or complete with them)', () => {
    expect(timelineEnd(at('2024-07-03T05:41:00Z'), at('2024-07-03T00:00:00Z'))).toBe(Date.parse('2024-07-03T05:42:00Z'));
    expect(timelineEnd(at('2024-07-03T05:41:00Z'), at('2024-06-30T00:00:00Z'))).toBe(Date.parse('2024-07-03T05:42:00Z'));
    expect(timelineEnd(at('2024-07-03T05:41:00Z'), null)).toBe(Date.parse('2024-07-03T05:42:00Z'));
    expect(timelineEnd(null, null)).toBeNull();
  });

  it('takes the latest end over every tracked asset, and none without candles', async () => {
    const candles: Record<string, { M1: string | null; D1: string | null }> = {
      BTC: { M1: '2023-12-29T17:55:00Z', D1: '2024-06-30T00:00:00Z' },
      XRP: { M1: null, D1: '2024-06-29T00:00:00Z' },
      NEW: { M1: null, D1: null },
    };
    const market = {
      activeSymbols: async () => Object.keys(candles),
      latestCandleStart: async (symbol: string, interval: string) => {
        const value = candles[symbol]![interval as 'M1' | 'D1'];
        return value ? at(value) : null;
      },
    };
    expect(await initialFeedTime(market)).toBe(Date.parse('2024-07-01T00:00:00Z'));
    expect(await initialFeedTime({ ...market, activeSymbols: async () => ['NEW'] })).toBeNull();
  });
});
