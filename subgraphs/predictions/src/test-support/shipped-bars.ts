import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Bar } from '../forecasting/bar.js';

/** All bars of a shipped market data file (the repo copy under subgraphs/market/data), read without the market code. */
export function shippedBars(symbol: string, interval: '1d' | '1m'): Bar[] {
  const file = new URL(`../../../market/data/${symbol}-USD_${interval}.csv.gz`, import.meta.url);
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [ts, open, high, low, close] = line.split(',');
    return { ts: Date.parse(ts!), open: Number(open), high: Number(high), low: Number(low), close: Number(close) };
  });
}
