import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { jobBuckets, MetricSources, metricsPerService } from '@cryptograph/otel';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { PredictionsDb } from '../db/predictions-database.js';
import { countOpenJobs } from './job-stats.repository.js';
import type { JobOutcome, JobWork } from './job-runner.js';
import type { JobKind } from './job.table.js';

const tracer = trace.getTracer('@cryptograph/predictions/jobs');
const jobKinds: readonly JobKind[] = ['TRAIN', 'SCORE', 'PREDICT'];
const databases = new MetricSources<PredictionsDb>();
interface JobMetrics {
  running: Gauge<'kind'>;
  duration: Histogram<'kind' | 'outcome'>;
  failures: Counter<'kind'>;
}

/** The job metrics of one service, created once in its registry. */
const jobMetrics = metricsPerService((registers): JobMetrics => {
  new Gauge({
    name: 'cryptograph_jobs',
    help: 'Jobs waiting (QUEUED) or running (RUNNING) in the shared queue, by kind and status.',
    labelNames: ['kind', 'status'],
    registers,
    async collect() {
      this.reset();
      const db = databases.values()[0];
      if (!db) return;
      // Every kind and open status is reported, 0 when none: an idle queue shows 0, not "no data".
      for (const kind of jobKinds) for (const status of ['QUEUED', 'RUNNING']) this.set({ kind, status }, 0);
      for (const row of await countOpenJobs(db).catch(() => [])) this.set({ kind: row.kind, status: row.status }, row.count);
    },
  });
  const metrics: JobMetrics = {
    running: new Gauge({ name: 'cryptograph_job_attempts_running', help: 'Job attempts running in this worker, by kind.', labelNames: ['kind'], registers }),
    duration: new Histogram({
      name: 'cryptograph_job_duration_seconds',
      help: 'Duration of job attempts (the work, before its commit), by kind and outcome (ok, error).',
      labelNames: ['kind', 'outcome'],
      buckets: jobBuckets,
      registers,
    }),
    failures: new Counter({
      name: 'cryptograph_job_failures_total',
      help: 'Failed job attempts, by kind (retried ones included).',
      labelNames: ['kind'],
      registers,
    }),
  };
  // Counters start at 0 for every kind, so rates exist (and read 0) before the first failure.
  for (const kind of jobKinds) metrics.failures.inc({ kind }, 0);
  return metrics;
});

/**
 * Traces and measures the work of each job kind: a root CONSUMER span `job KIND` per attempt taken
 * from the queue (its outcome's commit and after-commit steps, such as publishing prediction
 * events, run inside it, so the bus message carries its trace context), running/duration/failure metrics in `service`'s registry, and
 * the queue gauge read from the jobs table. Returns the work to hand to the job runner.
 */
export function instrumentJobWork(
  work: Record<JobKind, JobWork>,
  deps: { db: PredictionsDb; service: string },
): { work: Record<JobKind, JobWork>; stop: () => void } {
  const metrics = jobMetrics(deps.service);
  const stop = databases.add(() => deps.db);
  const wrap =
    (kind: JobKind, run: JobWork): JobWork =>
    (job, progress) =>
      tracer.startActiveSpan(
        `job ${kind}`,
        { root: true, kind: SpanKind.CONSUMER, attributes: { 'job.id': job.id, 'job.kind': kind, 'job.model_id': job.model_id } },
        ROOT_CONTEXT,
        async (span) => {
          const spanContext = trace.setSpan(context.active(), span);
          const started = performance.now();
          metrics.running.inc({ kind });
          try {
            const outcome = await run(job, progress);
            metrics.duration.observe({ kind, outcome: 'ok' }, (performance.now() - started) / 1000);
            const traced: JobOutcome = { commit: (trx) => context.with(spanContext, () => outcome.commit(trx)) };
            if (outcome.afterCommit) traced.afterCommit = () => context.with(spanContext, () => outcome.afterCommit!());
            return traced;
          } catch (error) {
            metrics.duration.observe({ kind, outcome: 'error' }, (performance.now() - started) / 1000);
            metrics.failures.inc({ kind });
            span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
            throw error;
          } finally {
            metrics.running.dec({ kind });
            span.end();
          }
        },
      );
  return {
    stop,
    work: { TRAIN: wrap('TRAIN', work.TRAIN), SCORE: wrap('SCORE', work.SCORE), PREDICT: wrap('PREDICT', work.PREDICT) },
  };
}
