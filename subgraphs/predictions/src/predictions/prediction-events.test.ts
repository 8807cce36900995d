import { spawn, type ChildProcess } from 'node:child_process';
import { answersPing, collect, freePort, graphqlWsClient, redisBinaryAvailable, waitFor } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { shippedBars } from '../test-support/shipped-bars.js';
import { startPredictionsTestSystem, type PredictionsTestSystem } from '../test-support/predictions-test-system.js';

/** A redis-server this test can stop and start again on the same port. */
async function ownRedis() {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(() => answersPing(`redis://127.0.0.1:${port}`));
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    running.kill('SIGTERM');
    await new Promise((resolve) => running.once('exit', resolve));
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

const minute = shippedBars('BTC', '1m');
const toMarketBar = (bar: (typeof minute)[number]) => ({ ts: new Date(bar.ts), open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: 0 });
const subscription = `subscription($after: ID) { predictionCreated(symbols: ["BTC"], after: $after) { id value ts targetTs status } }`;

describe.skipIf(!redisBinaryAvailable())('scheduled predictions, realized values and resumable prediction events', () => {
  let system: PredictionsTestSystem;
  let redis: Awaited<ReturnType<typeof ownRedis>>;
  let modelId: string;
  let played = 0;

  /** Plays minute bars like the replay feed: store the bar, publish its tick; then waits for the scheduled jobs. */
  const play = async (count: number) => {
    for (let k = 0; k < count; k++) {
      const seen = system.predictions.worker!.scheduler.ticks();
      await system.market.ingestor.ingestMinuteBars([{ symbol: 'BTC', bar: toMarketBar(minute[played]!) }]);
      played += 1;
      await waitFor(() => system.predictions.worker!.scheduler.ticks() > seen);
      await system.predictions.worker!.scheduler.idle();
    }
  };
  const settled = async () => {
    await waitFor(async () => {
      await system.predictions.worker!.scheduler.idle();
      const open = await system.predictions.parts.db.selectFrom('jobs').select('id').where('status', 'in', ['QUEUED', 'RUNNING']).execute();
      return open.length === 0;
    }, 20_000);
  };
  const allIds = async () => (await system.predictions.parts.db.selectFrom('predictions').select('id').orderBy('id').execute()).map((row) => String(row.id));

  beforeAll(async () => {
    redis = await ownRedis();
    system = await startPredictionsTestSystem({ REDIS_URL: redis.url });
    const history = minute.slice(0, 200).map((bar) => ({ symbol: 'BTC', bar: toMarketBar(bar) }));
    await system.market.ingestor.ingestMinuteBars(history);
    played = 200;
    const created = await system.request(
      `mutation { createModel(input: { name: "btc-m1", symbol: "BTC", target: VOLATILITY, algorithm: EWMA, interval: M1, horizon: 2, params: { validationBars: 12, testBars: 12 } }) { id } }`,
    );
    modelId = created.data!.createModel.id;
    const job = await system.request(
      `mutation($id: ID!, $to: DateTime!) { trainModel(modelId: $id, trainFrom: "2023-11-01T00:00:00Z", trainTo: $to) { id } }`,
      { id: modelId, to: new Date(minute[200]!.ts).toISOString() },
    );
    expect(job.errors).toBeUndefined();
    await settled();
    const version = (await system.request(`query($id: ID!) { model(id: $id) { latestVersion { id } } }`, { id: modelId })).data!.model.latestVersion;
    await system.request(`mutation($id: ID!) { promoteModelVersion(versionId: $id, stage: PRODUCTION) { id } }`, { id: version.id });
  });

  afterAll(async () => {
    await system?.close();
    await redis?.stop();
  });

  it('predicts every replay minute with the production model and fills in realized values', async () => {
    await play(8);
    await settled();
    await play(1);
    await settled();
    const rows = await system.predictions.parts.db.selectFrom('predictions').selectAll().orderBy('id').execute();
    expect(rows.map((row) => row.ts.getTime()).sort((a, b) => a - b)).toEqual(minute.slice(200, 209).map((bar) => bar.ts));
    const realized = rows.filter((row) => row.status === 'REALIZED');
    // Bar t's outcome needs bars t+1, t+2: complete once bar t+2 is stored (the last 2 are pending).
    expect(
      rows
        .filter((row) => row.status === 'PENDING')
        .map((row) => row.ts.getTime())
        .sort((a, b) => a - b),
    ).toEqual(minute.slice(207, 209).map((bar) => bar.ts));
    for (const row of realized) {
      const i = minute.findIndex((bar) => bar.ts === row.ts.getTime());
      const park = (bar: (typeof minute)[number]) => Math.sqrt(Math.log(bar.high / bar.low) ** 2 / (4 * Math.log(2)));
      const expected = (park(minute[i + 1]!) + park(minute[i + 2]!)) / 2;
      expect(row.realized).toBeCloseTo(expected, 12);
      expect(row.error).toBeCloseTo(expected - row.value, 12);
    }
    expect(realized).toHaveLength(7);
    const latest = await system.request(
      `query { latestPrediction(symbol: "BTC", target: VOLATILITY) { id modelVersion { stage } model { id } asset { symbol } } }`,
    );
    expect(latest.data!.latestPrediction).toMatchObject({
      id: String(rows.at(-1)!.id),
      modelVersion: { stage: 'PRODUCTION' },
      model: { id: modelId },
      asset: { symbol: 'BTC' },
    });
  });

  it('resumes with `after` and across a Redis restart with nothing lost and nothing duplicated', async () => {
    const ws = system.predictionsUrl.replace(/^http/, 'ws');
    const headers = { 'x-cryptograph-identity': await system.identityHeader() };
    const before = await allIds();
    const liveClient = graphqlWsClient(ws, { headers });
    const resumeClient = graphqlWsClient(ws, { headers });
    const live = collect(liveClient, subscription, {});
    const resumed = collect(resumeClient, subscription, { after: before[2] });
    await waitFor(() => resumed.results.length >= before.length - 3);

    await play(3);
    await settled();

    await redis.stop();
    const asOfs = minute.slice(played, played + 4).map((bar) => bar.ts + 60_000);
    await system.market.ingestor
      .ingestMinuteBars(minute.slice(played, played + 4).map((bar) => ({ symbol: 'BTC', bar: toMarketBar(bar) })))
      .catch(() => undefined);
    played += 4;
    for (const asOf of asOfs) {
      const { db, queue, bus, logger } = system.predictions.parts;
      await enqueueJob(db, queue, bus, logger, {
        kind: 'PREDICT',
        modelId,
        input: { asOf: new Date(asOf).toISOString() },
        createdBy: null,
        dedupeKey: `outage:${asOf}`,
      });
    }
    await waitFor(async () => (await allIds()).length === before.length + 7, 20_000);
    expect(live.results).toHaveLength(3);
    await redis.start();
    await waitFor(async () => {
      try {
        await system.bus.publish('noop', {});
        return true;
      } catch {
        return false;
      }
    }, 20_000);
    // The reconnect alone (no new event) backfills what was published while Redis was down.
    await waitFor(() => live.results.length === 7, 20_000);
    await play(2);
    await settled();

    const expected = await allIds();
    expect(expected).toHaveLength(before.length + 9);
    await waitFor(() => live.results.length >= 9 && resumed.results.length >= expected.length - 3, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await liveClient.dispose();
    await resumeClient.dispose();
    const ids = (results: typeof live.results) => results.map((result) => result.data!.predictionCreated.id as string);
    expect(ids(live.results)).toEqual(expected.slice(before.length));
    expect(ids(resumed.results)).toEqual(expected.slice(3));
  }, 60_000);
});
