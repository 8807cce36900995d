import type { CandleInterval } from '../../generated/graphql';

/** The chart's interval choices, shortest first, with their bar length in seconds. */
export const intervals: readonly { readonly value: CandleInterval; readonly label: string; readonly seconds: number }[] = [
  { value: 'M1', label: '1m', seconds: 60 },
  { value: 'M5', label: '5m', seconds: 300 },
  { value: 'M15', label: '15m', seconds: 900 },
  { value: 'H1', label: '1h', seconds: 3_600 },
  { value: 'H4', label: '4h', seconds: 14_400 },
  { value: 'D1', label: '1d', seconds: 86_400 },
];

/** The chart's range choices: how many bars to load. */
export const ranges: readonly { readonly label: string; readonly bars: number }[] = [
  { label: '100 bars', bars: 100 },
  { label: '300 bars', bars: 300 },
  { label: '1000 bars', bars: 1000 },
];

/** Bar length of an interval in seconds. */
export function intervalSeconds(interval: CandleInterval): number {
  return intervals.find((item) => item.value === interval)?.seconds ?? 60;
}
