import type { Interval } from '../forecasting/bar.js';
import { intervalMs } from '../forecasting/bar.js';

/** Earliest time a training window reaches back to (no crypto asset traded before Bitcoin's genesis block). */
const earliest = Date.parse('2009-01-03T00:00:00Z');

/** Most bars of history the system trains on by itself: one market request (the market's limit). */
export const maxScheduledTrainingBars = 10_000;

/** The window default and scheduled trainings use: the newest `maxScheduledTrainingBars` bars before `trainTo`. */
export function trainingWindow(interval: Interval, trainTo: Date): { from: Date; to: Date } {
  return { from: new Date(Math.max(earliest, trainTo.getTime() - maxScheduledTrainingBars * intervalMs[interval])), to: trainTo };
}
