/**
 * Load generator, run in its own process (forked by the benchmark) so that it does not share an
 * event loop with the servers it measures. Receives one job over IPC, runs autocannon against a
 * loopback URL for a bounded time, answers with a summary and exits.
 */
import autocannon from 'autocannon';
import type { LoadJob, LoadSummary } from './load-types.js';

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

async function run(job: LoadJob): Promise<LoadSummary> {
  if (!isLoopback(job.url)) throw new Error(`refusing to load a non-loopback URL: ${job.url}`);
  if (job.requests.length === 0) throw new Error('no requests to send');
  let next = 0;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        // A global counter over the prepared requests: consecutive requests differ when the job
        // prepared several, whichever connection sends them.
        setupRequest: (request) => {
          const prepared = job.requests[next++ % job.requests.length]!;
          return { ...request, method: 'POST', headers: prepared.headers, body: prepared.body };
        },
      },
    ],
    verifyBody: job.expectLength === undefined ? (body) => body.includes(job.expect) && !body.includes('"errors"') : (body) => body.length === job.expectLength,
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    badBodies: result.mismatches,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (summary) => process.send!({ ok: true, summary }, () => process.exit(0)),
    (error: unknown) => process.send!({ ok: false, error: String(error instanceof Error ? error.stack : error) }, () => process.exit(1)),
  );
});
