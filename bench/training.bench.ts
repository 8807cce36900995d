// Training benchmark: time to train (walk-forward) and score each algorithm on the full daily
// history of BTC, and prediction events delivered per second to 1,000 subscribers of
// `predictionCreated` (the resumable hub: bus wake-up, one Postgres read, fan-out), against a raw
// in-process fan-out of the same events as the reference. Run: npx tsx bench/training.bench.ts
import { createLogger, createMemoryEventBus, openDatabase, predictionCreatedChannel } from '@cryptograph/core';
import {
  createPredictionHub,
  parseParams,
  preparePredictionsDatabase,
  scoreWindow,
  toPredictionCreatedMessage,
  trainVersion,
  type AlgorithmName,
} from '@cryptograph/predictions';
import { shippedBars } from '@cryptograph/predictions/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bars = shippedBars('BTC', '1d');
const splitAt = Math.floor(bars.length * 0.75);
console.log(`BTC daily: ${bars.length} bars; train on the first ${splitAt}, score on the rest`);
for (const algorithm of ['NAIVE', 'EWMA', 'RIDGE', 'HAR', 'LOG_HAR', 'COMBINED'] as AlgorithmName[]) {
  for (const target of ['VOLATILITY', 'RETURN'] as const) {
    if (target === 'RETURN' && (algorithm === 'LOG_HAR' || algorithm === 'COMBINED')) continue;
    const spec = { target, horizon: 1, interval: 'D1' as const, params: parseParams(algorithm, {}) };
    const runs = 5;
    let trainMs = 0;
    let scoreMs = 0;
    let skill: number | null = null;
    for (let k = 0; k < runs; k++) {
      const t0 = performance.now();
      const trained = trainVersion(bars, algorithm, spec, bars[0]!.ts, bars[splitAt]!.ts);
      const t1 = performance.now();
      const scored = scoreWindow(bars, algorithm, spec, trained.artifact, bars[splitAt]!.ts, bars.at(-1)!.ts + 1);
      scoreMs += performance.now() - t1;
      trainMs += t1 - t0;
      skill = scored.skill;
    }
    console.log(
      `${algorithm.padEnd(5)} ${target.padEnd(10)} train ${(trainMs / runs).toFixed(1).padStart(6)} ms  score ${(scoreMs / runs).toFixed(1).padStart(6)} ms  out-of-sample skill ${skill?.toFixed(3)}`,
    );
  }
}

const subscribers = 1000;
const events = 200;
const dir = mkdtempSync(join(tmpdir(), 'cryptograph-training-bench-'));
const connection = await openDatabase({ embeddedDir: join(dir, 'pgdata') });
const bus = createMemoryEventBus();
const logger = createLogger('bench', 'silent');
try {
  const db = await preparePredictionsDatabase({ db: connection, bus, logger });
  const model = await db
    .insertInto('models')
    .values({
      name: 'bench',
      symbol: 'BTC',
      target: 'VOLATILITY',
      algorithm: 'NAIVE',
      interval: 'M1',
      horizon: 1,
      params: '{}',
      owner_id: '00000000-0000-4000-8000-000000000001',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('model_versions')
    .values({
      model_id: model.id,
      version: 1,
      params: '{}',
      metrics: '{}',
      train_from: new Date(0),
      train_to: new Date(1),
      data_fingerprint: 'x',
      artifact: '{}',
      job_id: '00000000-0000-4000-8000-000000000002',
      trigger: 'MANUAL',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const hub = createPredictionHub(bus, logger, db);
  let received = 0;
  const streams = await Promise.all(
    Array.from({ length: subscribers }, () => hub.subscribe({ matches: (row) => row.symbol === 'BTC', readAfter: async () => [] }, 0)),
  );
  for (const stream of streams)
    void (async () => {
      for await (const _ of stream) received += 1;
    })();
  const start = performance.now();
  for (let k = 0; k < events; k++) {
    const row = await db
      .insertInto('predictions')
      .values({
        model_id: model.id,
        version_id: version.id,
        symbol: 'BTC',
        target: 'VOLATILITY',
        value: k,
        ts: new Date(k * 60_000),
        target_ts: new Date((k + 1) * 60_000),
        outcome_at: new Date((k + 2) * 60_000),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await bus.publish(predictionCreatedChannel, toPredictionCreatedMessage(row));
  }
  while (received < subscribers * events) await new Promise((resolve) => setTimeout(resolve, 5));
  const hubRate = (subscribers * events) / ((performance.now() - start) / 1000);
  await hub.close();

  let raw = 0;
  const unsubscribes = await Promise.all(Array.from({ length: subscribers }, () => bus.subscribe('bench.raw', () => (raw += 1))));
  const rawStart = performance.now();
  for (let k = 0; k < events; k++) await bus.publish('bench.raw', { id: String(k), symbol: 'BTC', value: k });
  while (raw < subscribers * events) await new Promise((resolve) => setTimeout(resolve, 1));
  const rawRate = (subscribers * events) / ((performance.now() - rawStart) / 1000);
  for (const unsubscribe of unsubscribes) await unsubscribe();
  console.log(
    `predictionCreated: ${events} events × ${subscribers} subscribers: ${Math.round(hubRate).toLocaleString('en')} deliveries/s (incl. the insert and one read per event); raw in-process fan-out ${Math.round(rawRate).toLocaleString('en')}/s; ratio ${(hubRate / rawRate).toFixed(2)}`,
  );
} finally {
  await bus.close();
  await connection.close();
  rmSync(dir, { recursive: true, force: true });
}
