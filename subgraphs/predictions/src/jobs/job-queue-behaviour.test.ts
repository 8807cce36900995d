import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, testEnvironment, waitFor } from '@cryptograph/testing';
import { startPredictionsTestSystem, type PredictionsTestSystem } from '../test-support/predictions-test-system.js';

const workerMain = fileURLToPath(new URL('../worker-main.ts', import.meta.url));

// One behaviour suite for both queues, on a real server with real worker processes: pg-boss, and
// the in-process queue (the embedded default, which runs on a real server too with JOB_QUEUE).
describe.each(['pg-boss', 'in-process'] as const)('job queue behaviour: %s', (kind) => {
  let system: PredictionsTestSystem;
  const workers: ChildProcess[] = [];
  let modelId: string;

  const startWorker = async (settings: Record<string, string> = {}) => {
    const metricsPort = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', workerMain], {
      env: {
        ...process.env,
        ...system.settings,
        MARKET_URL: system.marketUrl,
        LOG_LEVEL: 'silent',
        JOB_STEP_DELAY_MS: '700',
        JOB_TIMEOUT_SECONDS: '2',
        JOB_CONCURRENCY: '1',
        HOST: '127.0.0.1',
        METRICS_PORT: String(metricsPort),
        ...settings,
      },
      stdio: 'ignore',
    });
    workers.push(child);
    return { child, metricsPort };
  };
  const kill = async (child: ChildProcess, signal: NodeJS.Signals) => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  const job = (id: string) => system.predictions.parts.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const train = async () => {
    const enqueued = await system.request(
      `mutation($id: ID!) { trainModel(modelId: $id, trainFrom: "2016-01-01T00:00:00Z", trainTo: "2020-01-01T00:00:00Z") { id } }`,
      { id: modelId },
    );
    return enqueued.data!.trainModel.id as string;
  };
  const versionsOf = async (jobId: string) => system.predictions.parts.db.selectFrom('model_versions').select('version').where('job_id', '=', jobId).execute();
  const statuses = async (jobId: string) =>
    (await system.predictions.parts.db.selectFrom('job_events').select('snapshot').where('job_id', '=', jobId).orderBy('id').execute()).map(
      (row) => row.snapshot.status,
    );

  beforeAll(async () => {
    system = await startPredictionsTestSystem({
      PREDICTIONS_WORKER: 'false',
      JOB_QUEUE: kind,
      JOB_MAX_ATTEMPTS: '2',
      JOB_TIMEOUT_SECONDS: '2',
      DEFAULT_MODELS: 'off',
    });
    await system.importShipped('BTC', '1d');
    const created = await system.request(
      `mutation { createModel(input: { name: "durable", symbol: "BTC", target: RETURN, algorithm: RIDGE, interval: D1, horizon: 1 }) { id } }`,
    );
    modelId = created.data!.createModel.id;
  }, 60_000);
  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await system?.close();
  });

  it.skipIf(!testEnvironment().databaseUrl)(
    'a job whose worker is killed mid-run finishes on a new worker, exactly once',
    async () => {
      const jobId = await train();
      const first = await startWorker();
      await waitFor(async () => (await job(jobId)).progress >= 0.1, 30_000);
      await kill(first.child, 'SIGKILL');
      expect((await job(jobId)).status).toBe('RUNNING');
      expect(await versionsOf(jobId)).toEqual([]);
      const second = await startWorker();
      await waitFor(async () => (await job(jobId)).status === 'SUCCEEDED', 40_000);
      expect((await job(jobId)).attempts).toBe(2);
      expect(await versionsOf(jobId)).toHaveLength(1);
      const events = await statuses(jobId);
      expect(events[0]).toBe('QUEUED');
      expect(events.filter((status) => status === 'SUCCEEDED')).toHaveLength(1);
      // The standalone worker serves its job metrics itself.
      const metrics = await (await fetch(`http://127.0.0.1:${second.metricsPort}/metrics`)).text();
      expect(metrics).toMatch(/cryptograph_job_duration_seconds_count\{[^}]*kind="TRAIN"[^}]*outcome="ok"[^}]*\} 1/);
      await kill(second.child, 'SIGTERM');
    },
    120_000,
  );

  it.skipIf(!testEnvironment().databaseUrl)(
    'a job whose attempts run out (its worker killed on each) is FAILED with a clean reason, not left RUNNING',
    async () => {
      const jobId = await train();
      for (const attempt of [1, 2]) {
        const worker = await startWorker();
        await waitFor(async () => {
          const row = await job(jobId);
          return row.status === 'RUNNING' && row.attempts === attempt && row.progress >= 0.1;
        }, 40_000);
        await kill(worker.child, 'SIGKILL');
      }
      const last = await startWorker();
      await waitFor(async () => (await job(jobId)).status === 'FAILED', 40_000);
      expect(await job(jobId)).toMatchObject({ attempts: 2, error: 'The worker running it stopped responding (2 attempts); gave up.' });
      expect(await versionsOf(jobId)).toEqual([]);
      await kill(last.child, 'SIGTERM');
    },
    150_000,
  );

  it.skipIf(!testEnvironment().databaseUrl)(
    'a graceful stop hands the running job back at once without costing an attempt; a restarted worker runs it within seconds',
    async () => {
      const jobId = await train();
      const first = await startWorker({ JOB_TIMEOUT_SECONDS: '60' });
      await waitFor(async () => (await job(jobId)).progress >= 0.1, 30_000);
      await kill(first.child, 'SIGTERM');
      expect(await job(jobId)).toMatchObject({ status: 'QUEUED', attempts: 0, message: 'handed back: its worker stopped' });
      const restarted = Date.now();
      const second = await startWorker({ JOB_TIMEOUT_SECONDS: '60' });
      await waitFor(async () => (await job(jobId)).status === 'RUNNING', 30_000);
      // Well within the 60 s lease: the job did not wait for it to lapse.
      expect(Date.now() - restarted).toBeLessThan(20_000);
      await waitFor(async () => (await job(jobId)).status === 'SUCCEEDED', 40_000);
      expect((await job(jobId)).attempts).toBe(1);
      expect(await versionsOf(jobId)).toHaveLength(1);
      await kill(second.child, 'SIGTERM');
    },
    120_000,
  );

  it.skipIf(!testEnvironment().databaseUrl)(
    'a running job keeps its lease however long it runs, also on a worker configured with a longer JOB_TIMEOUT_SECONDS than the service that enqueued it: it runs once',
    async () => {
      // Enqueued by the API with a 2 s lease; the worker's own setting is 60 s. The job runs ~8 s.
      const jobId = await train();
      const worker = await startWorker({ JOB_TIMEOUT_SECONDS: '60', JOB_CONCURRENCY: '2', JOB_STEP_DELAY_MS: '2000' });
      await waitFor(async () => ['SUCCEEDED', 'FAILED'].includes((await job(jobId)).status), 60_000);
      expect(await job(jobId)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
      const events = await statuses(jobId);
      expect(events.filter((status) => status === 'SUCCEEDED')).toHaveLength(1);
      expect(events.filter((status) => status === 'QUEUED')).toHaveLength(1);
      expect(await versionsOf(jobId)).toHaveLength(1);
      await kill(worker.child, 'SIGTERM');
    },
    120_000,
  );
});
