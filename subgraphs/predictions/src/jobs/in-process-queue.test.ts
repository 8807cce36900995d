import { createLogger, createMemoryEventBus, openDatabase, type DatabaseConnection } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import { preparePredictionsDatabase } from '../service.js';
import { waitFor } from '@cryptograph/testing';
import { enqueueJob } from './enqueue-job.js';
import { createInProcessQueue } from './in-process-queue.js';
import { createJobRunner, type JobWork } from './job-runner.js';

// The embedded default: the in-process runner on PGlite (the real path, pg-boss, is covered by the other job tests).
describe('in-process job queue on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptograph-queue-test-'));
  const bus = createMemoryEventBus();
  const logger = createLogger('queue-test', 'silent');
  const settings = { maxAttempts: 2, retryDelaySeconds: 1, timeoutSeconds: 1, concurrency: 1 };
  let connection: DatabaseConnection;
  let db: Kysely<PredictionsDatabase>;
  let modelId: string;
  let calls = 0;
  let gate: Promise<void> = Promise.resolve();

  const work: JobWork = async (job, progress) => {
    calls += 1;
    await progress(0.5, 'halfway');
    await gate;
    if (job.input.fail) throw new Error('flaky upstream');
    return { commit: async () => ({ ok: true }) };
  };
  const job = (id: string) => db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    connection = await openDatabase({ embeddedDir: join(dir, 'pgdata') });
    db = await preparePredictionsDatabase({ db: connection, bus, logger });
    const model = await db.insertInto('models').values({ name: 'q', symbol: 'BTC', target: 'RETURN', algorithm: 'NAIVE', interval: 'D1', horizon: 1, params: '{}', owner_id: '00000000-0000-4000-8000-000000000001' }).returningAll().executeTakeFirstOrThrow();
    modelId = model.id;
  });

  afterAll(async () => {
    await bus.close();
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs jobs, retries failures with backoff and records the reason; a stopped runner\'s job is finished by the next', async () => {
    const queue = createInProcessQueue(db, settings, logger);
    const run = createJobRunner({ db, bus, logger, work: { TRAIN: work, SCORE: work, PREDICT: work } });
    await queue.work(run);
    const ok = await enqueueJob({ db, queue, bus, logger }, { kind: 'TRAIN', modelId, input: {}, createdBy: null });
    const failing = await enqueueJob({ db, queue, bus, logger }, { kind: 'TRAIN', modelId, input: { fail: true }, createdBy: null });
    await waitFor(async () => (await job(ok!.id)).status === 'SUCCEEDED' && (await job(failing!.id)).status === 'FAILED', 15_000);
    expect(await job(ok!.id)).toMatchObject({ attempts: 1, result: { ok: true }, progress: 1 });
    expect(await job(failing!.id)).toMatchObject({ attempts: 2, error: 'flaky upstream (after 2 attempts)' });

    let release: () => void = () => {};
    gate = new Promise((resolve) => (release = resolve));
    const held = await enqueueJob({ db, queue, bus, logger }, { kind: 'TRAIN', modelId, input: {}, createdBy: null });
    await waitFor(async () => (await job(held!.id)).progress === 0.5);
    const stopping = queue.stop();
    release();
    await stopping;
    expect((await job(held!.id)).status).toBe('RUNNING');

    gate = Promise.resolve();
    const next = createInProcessQueue(db, settings, logger);
    await next.work(run);
    await waitFor(async () => (await job(held!.id)).status === 'SUCCEEDED', 15_000);
    expect((await job(held!.id)).attempts).toBe(2);
    await next.stop();
  }, 40_000);
});
