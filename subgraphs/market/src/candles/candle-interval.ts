import { candleIntervalSeconds } from '@cryptograph/core';
import type { CandleInterval } from '../generated/resolvers-types.js';

/** How candles are stored: at their native interval only. */
export type NativeInterval = '1m' | '1d';

/** Length of each `CandleInterval` in seconds. */
export const intervalSeconds: Readonly<Record<CandleInterval, number>> = candleIntervalSeconds;

/** Length of each native interval in seconds. */
export const nativeSeconds: Readonly<Record<NativeInterval, number>> = { '1m': 60, '1d': 24 * 60 * 60 };

/** The stored data an interval is built from: daily bars for D1, minute bars for everything else. */
export function nativeIntervalOf(interval: CandleInterval): NativeInterval {
  return interval === 'D1' ? '1d' : '1m';
}

/** The native interval a CLI/GraphQL interval name stands for, or null when it is not stored natively. */
export function parseNativeInterval(name: string): NativeInterval | null {
  const upper = name.trim().toUpperCase();
  if (upper === 'M1' || upper === '1M') return '1m';
  if (upper === 'D1' || upper === '1D') return '1d';
  return null;
}
