import { median } from './bench-run.js';
import type { LoadSummary } from './load-types.js';

/** One load run in a line: throughput, latency, and any failures. */
export function describeRun(summary: LoadSummary): string {
  const failures = summary.non2xx || summary.badBodies || summary.errors || summary.timeouts;
  return (
    `${summary.requestsPerSecond.toFixed(0)} req/s, p50 ${summary.p50} ms, p99 ${summary.p99} ms` +
    (failures ? `, non2xx ${summary.non2xx}, bad ${summary.badBodies}, errors ${summary.errors}, timeouts ${summary.timeouts}` : '')
  );
}

/** The rounds of one scenario: median, range and latency medians, and the totals of requests and failures. */
export function summarizeRuns(runs: readonly LoadSummary[]) {
  const rps = runs.map((run) => run.requestsPerSecond);
  return {
    rps: median(rps),
    min: Math.min(...rps),
    max: Math.max(...rps),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    requests: runs.reduce((sum, run) => sum + run.total, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    bad: runs.reduce((sum, run) => sum + run.badBodies, 0),
    failed: runs.reduce((sum, run) => sum + run.errors + run.timeouts, 0),
  };
}
