import { shippedFile } from '@cryptograph/market';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Bar } from '../forecasting/bar.js';

/** All bars of a file of the market data shipped with the market subgraph, parsed here without the market's import code. */
export function shippedBars(symbol: string, interval: '1d' | '1m'): Bar[] {
  const file = shippedFile(symbol, interval);
  if (!file) throw new Error(`no shipped ${interval} data of ${symbol}`);
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [ts, open, high, low, close] = line.split(',');
    return { ts: Date.parse(ts!), open: Number(open), high: Number(high), low: Number(low), close: Number(close) };
  });
}
