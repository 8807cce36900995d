import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, testEnvironment, waitFor } from '@cryptograph/testing';
import { startPredictionsTestSystem, type PredictionsTestSystem } from '../test-support/predictions-test-system.js';

const workerMain = fileURLToPath(new URL('../worker-main.ts', import.meta.url));

describe.skipIf(!testEnvironment().databaseUrl)('job durability (pg-boss on real Postgres, worker processes)', () => {
  let system: PredictionsTestSystem;
  const workers: ChildProcess[] = [];

  const startWorker = (metricsPort: number) => {
    const child = spawn(process.execPath, ['--import', 'tsx', workerMain], {
      env: { ...process.env, ...system.settings, MARKET_URL: system.marketUrl, LOG_LEVEL: 'silent', JOB_STEP_DELAY_MS: '600', JOB_TIMEOUT_SECONDS: '2', JOB_CONCURRENCY: '1', HOST: '127.0.0.1', METRICS_PORT: String(metricsPort) },
      stdio: 'ignore',
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    system = await startPredictionsTestSystem({ PREDICTIONS_WORKER: 'false', JOB_TIMEOUT_SECONDS: '2' });
    await system.importShipped('BTC', '1d');
  });

  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await system?.close();
  });

  it('a job whose worker is killed mid-run finishes on a new worker, once', async () => {
    const created = await system.request(`mutation { createModel(input: { name: "durable", symbol: "BTC", target: RETURN, algorithm: RIDGE, interval: D1, horizon: 1 }) { id } }`);
    const modelId = created.data!.createModel.id;
    const enqueued = await system.request(`mutation($id: ID!) { trainModel(modelId: $id, trainFrom: "2016-01-01T00:00:00Z", trainTo: "2020-01-01T00:00:00Z") { id } }`, { id: modelId });
    const jobId = enqueued.data!.trainModel.id as string;
    const job = () => system.predictions.parts.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();

    const first = startWorker(await freePort());
    await waitFor(async () => (await job()).progress >= 0.1, 30_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    expect((await job()).status).toBe('RUNNING');
    const versions = () => system.predictions.parts.db.selectFrom('model_versions').select('version').where('model_id', '=', modelId).execute();
    expect(await versions()).toEqual([]);

    const metricsPort = await freePort();
    startWorker(metricsPort);
    await waitFor(async () => (await job()).status === 'SUCCEEDED', 40_000);
    // The standalone worker serves its job metrics itself.
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/cryptograph_job_duration_seconds_count\{[^}]*kind="TRAIN"[^}]*outcome="ok"[^}]*\} 1/);
    const done = await job();
    expect(done.attempts).toBe(2);
    expect(await versions()).toEqual([{ version: 1 }]);
    const statuses = (await system.predictions.parts.db.selectFrom('job_events').select('snapshot').where('job_id', '=', jobId).orderBy('id').execute()).map((row) => row.snapshot.status);
    expect(statuses[0]).toBe('QUEUED');
    expect(statuses.filter((status) => status === 'SUCCEEDED')).toHaveLength(1);
    expect(statuses.at(-1)).toBe('SUCCEEDED');
  }, 90_000);
});
