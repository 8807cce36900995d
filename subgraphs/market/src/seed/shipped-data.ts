import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NativeInterval } from '../candles/candle-interval.js';

/** The folder of the market data shipped with Cryptograph (gzipped CSVs, see its README). */
export const shippedDataDir = fileURLToPath(new URL('../../data/', import.meta.url));

/** Path of the shipped file of a symbol and native interval, or null when none ships. */
export function shippedFile(symbol: string, interval: NativeInterval): string | null {
  const path = fileURLToPath(new URL(`../../data/${symbol}-USD_${interval}.csv.gz`, import.meta.url));
  return existsSync(path) ? path : null;
}
