import { AppError, ErrorCode, createLogger, createMemoryEventBus, openDatabase, type DatabaseConnection } from '@cryptograph/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionsSchema } from '../db/predictions-database.js';
import { preparePredictionsDatabase } from '../service.js';
import { waitFor } from '@cryptograph/testing';
import { enqueueJob } from './enqueue-job.js';
import { createInProcessQueue } from './in-process-queue.js';
import { createJobRunner, type JobWork } from './job-runner.js';

// The embedded default: the in-process queue on PGlite. (Both queues on a real server, with worker
// processes killed mid-job, are in job-queue-behaviour.test.ts.)
describe('in-process job queue on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptograph-queue-test-'));
  const bus = createMemoryEventBus();
  const logger = createLogger('queue-test', 'silent');
  const settings = { maxAttempts: 2, retryDelaySeconds: 1, timeoutSeconds: 30, concurrency: 1 };
  let connection: DatabaseConnection;
  let db: PredictionsSchema;
  let modelId: string;
  let gate: Promise<void> = Promise.resolve();
  const work: JobWork = async (job, progress) => {
    await progress(0.5, 'halfway');
    await gate;
    if (job.input.fail === 'secret') throw new Error('connect ECONNREFUSED 10.1.2.3:5432 select * from predictions.jobs');
    if (job.input.fail === 'market') throw new AppError(ErrorCode.DOWNSTREAM_SERVICE_ERROR, 'The market service is unavailable.');
    if (job.input.fail === 'input') throw new AppError(ErrorCode.BAD_USER_INPUT, 'The window is empty.');
    return { commit: async () => ({ ok: true }) };
  };
  const job = (id: string) => db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const enqueue = async (input: Record<string, unknown>) =>
    (await enqueueJob(db, { kind: 'in-process', settings, enqueue: async () => {}, work: async () => {}, stop: async () => {} }, bus, logger, {
      kind: 'TRAIN',
      modelId,
      input,
      createdBy: null,
    }))!.id;

  beforeAll(async () => {
    connection = await openDatabase({ embeddedDir: join(dir, 'pgdata') });
    db = await preparePredictionsDatabase({ db: connection, bus, logger });
    const model = await db
      .insertInto('models')
      .values({
        name: 'q',
        symbol: 'BTC',
        target: 'RETURN',
        algorithm: 'NAIVE',
        interval: 'D1',
        horizon: 1,
        params: '{}',
        owner_id: '00000000-0000-4000-8000-000000000001',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    modelId = model.id;
  });
  afterAll(async () => {
    await bus.close();
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs jobs; retries transient failures with backoff up to the attempts and records only a clean reason; input errors fail at once', async () => {
    const queue = createInProcessQueue(db, settings, logger);
    const runner = createJobRunner({ db, bus, logger, work: { TRAIN: work, SCORE: work, PREDICT: work } });
    await queue.work(runner.runAttempt, runner.failVanished);
    const ok = await enqueue({});
    const secret = await enqueue({ fail: 'secret' });
    const market = await enqueue({ fail: 'market' });
    const input = await enqueue({ fail: 'input' });
    await waitFor(
      async () => (await Promise.all([ok, secret, market, input].map(job))).every((row) => row.status === 'SUCCEEDED' || row.status === 'FAILED'),
      20_000,
    );
    expect(await job(ok)).toMatchObject({ status: 'SUCCEEDED', attempts: 1, result: { ok: true }, progress: 1 });
    expect(await job(secret)).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      error: 'The job failed unexpectedly; the details are in the service log. (gave up after 2 attempts)',
    });
    expect(await job(market)).toMatchObject({ status: 'FAILED', attempts: 2, error: 'The market service is unavailable. (gave up after 2 attempts)' });
    expect(await job(input)).toMatchObject({ status: 'FAILED', attempts: 1, error: 'The window is empty.' });
    const events = await db.selectFrom('job_events').select('snapshot').where('job_id', '=', secret).orderBy('id').execute();
    expect(JSON.stringify(events)).not.toMatch(/10\.1\.2\.3|ECONNREFUSED|select \*/);
    expect(events.map((event) => event.snapshot.error).filter(Boolean)).toContain(
      'Attempt 1 failed: The job failed unexpectedly; the details are in the service log. Retrying.',
    );
    await queue.stop();
  }, 40_000);

  it('a graceful stop hands the running job back at once without costing an attempt; the next worker runs it within seconds', async () => {
    let release: () => void = () => {};
    gate = new Promise((resolve) => (release = resolve));
    const queue = createInProcessQueue(db, settings, logger);
    const runner = createJobRunner({ db, bus, logger, work: { TRAIN: work, SCORE: work, PREDICT: work } });
    await queue.work(runner.runAttempt, runner.failVanished);
    const held = await enqueue({});
    await waitFor(async () => (await job(held)).progress === 0.5);
    const stopping = queue.stop();
    release();
    await stopping;
    expect(await job(held)).toMatchObject({ status: 'QUEUED', attempts: 0, locked_until: null, message: 'handed back: its worker stopped' });
    gate = Promise.resolve();
    const next = createInProcessQueue(db, settings, logger);
    const restarted = Date.now();
    await next.work(runner.runAttempt, runner.failVanished);
    await waitFor(async () => (await job(held)).status === 'SUCCEEDED', 15_000);
    // The lease is 30 s: the job did not wait for it to lapse.
    expect(Date.now() - restarted).toBeLessThan(5_000);
    expect((await job(held)).attempts).toBe(1);
    await next.stop();
  }, 40_000);

  it('a job whose worker vanished on its last attempt is FAILED once its lease lapses, with a clean reason', async () => {
    const orphan = await enqueue({});
    await db
      .updateTable('jobs')
      .set({ status: 'RUNNING', attempts: 2, locked_until: new Date(Date.now() - 1000) })
      .where('id', '=', orphan)
      .execute();
    const queue = createInProcessQueue(db, settings, logger);
    const runner = createJobRunner({ db, bus, logger, work: { TRAIN: work, SCORE: work, PREDICT: work } });
    await queue.work(runner.runAttempt, runner.failVanished);
    await waitFor(async () => (await job(orphan)).status === 'FAILED', 10_000);
    expect(await job(orphan)).toMatchObject({ attempts: 2, error: 'The worker running it stopped responding (2 attempts); gave up.' });
    await queue.stop();
  }, 30_000);
});
