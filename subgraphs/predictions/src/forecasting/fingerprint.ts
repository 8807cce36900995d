import { createHash } from 'node:crypto';
import type { Bar } from './bar.js';

/** SHA-256 over the bars' times and prices: two versions trained on the same data share it. */
export function dataFingerprint(bars: readonly Bar[]): string {
  const hash = createHash('sha256');
  for (const bar of bars) hash.update(`${bar.ts},${bar.open},${bar.high},${bar.low},${bar.close}\n`);
  return `sha256:${hash.digest('hex')}`;
}
