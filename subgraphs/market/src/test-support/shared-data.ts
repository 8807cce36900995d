import type { NativeInterval } from '../candles/candle-interval.js';
import type { Bar } from '../candles/candle.table.js';
import { openCandleFile, readCandleCsv } from '../import/candle-csv.js';
import { shippedFile } from '../seed/shipped-data.js';

/** Path of a file in the repo's shipped data copy; throws when it does not exist. */
export function dataFile(symbol: string, interval: NativeInterval): string {
  const file = shippedFile(symbol, interval);
  if (!file) throw new Error(`no shipped ${interval} data for ${symbol}`);
  return file;
}

/** All bars of a shipped file. */
export async function readShippedBars(symbol: string, interval: NativeInterval): Promise<Bar[]> {
  const parsed = await readCandleCsv(openCandleFile(dataFile(symbol, interval)), interval);
  if (parsed.badRows.length > 0) throw new Error(`shipped ${symbol} ${interval} has bad rows`);
  return parsed.bars;
}
