/** Length in seconds of each `CandleInterval` of the public API (market candles and model bars). */
export const candleIntervalSeconds = {
  M1: 60,
  M5: 5 * 60,
  M15: 15 * 60,
  H1: 60 * 60,
  H4: 4 * 60 * 60,
  D1: 24 * 60 * 60,
} as const;

/** One `CandleInterval` value. */
export type CandleIntervalName = keyof typeof candleIntervalSeconds;

/** One minute in milliseconds: the length of a feed minute and of an `M1` bar. */
export const minuteMs = candleIntervalSeconds.M1 * 1000;
