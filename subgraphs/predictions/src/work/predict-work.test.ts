import { barClosedChannel } from '@cryptograph/core';
import { importCandles } from '@cryptograph/market';
import { waitFor } from '@cryptograph/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, startPredictionsTestSystem, type PredictionsTestSystem } from '../test-support/predictions-test-system.js';

const jobQuery = `query($id: ID!) { job(id: $id) { status error result } }`;

/**
 * `runPredictions` while the feed is in the middle of a day after the daily history: the day's candle
 * is rolled up from the minutes so far, so it is not complete and must not be forecast from.
 */
describe('runPredictions during a feed day', () => {
  let system: PredictionsTestSystem;
  let folder: string;
  const analyst = signedIn('ANALYST');
  const waitForJob = async (id: string) => {
    let job: any;
    await waitFor(async () => {
      job = (await system.request(jobQuery, { id }, analyst)).data?.job;
      return job?.status === 'SUCCEEDED' || job?.status === 'FAILED';
    }, 30_000);
    return job;
  };

  beforeAll(async () => {
    system = await startPredictionsTestSystem();
    await system.importShipped('BTC', '1d');
    // The feed played 2024-07-01 00:00 to 11:59 after the daily history (which ends 2024-06-30).
    folder = await mkdtemp(join(tmpdir(), 'cryptograph-predict-work-'));
    const rows = Array.from({ length: 720 }, (_v, k) => {
      const price = 62_000 + 40 * Math.sin(k / 17);
      return `${new Date(Date.parse('2024-07-01T00:00:00Z') + k * 60_000).toISOString()},${price},${price + 25},${price - 25},${price + 5},3`;
    });
    const file = join(folder, 'BTC-USD_1m.csv');
    await writeFile(file, `ts,open,high,low,close,volume\n${rows.join('\n')}\n`);
    await importCandles(system.market.db, { symbol: 'BTC', interval: '1m', file });
    await system.bus.publish(barClosedChannel, { symbol: 'BTC', ts: '2024-07-01T11:59:00.000Z', simulated: false });
    await waitFor(() => system.predictions.worker!.scheduler.feedTime()?.toISOString() === '2024-07-01T12:00:00.000Z');
    await system.predictions.worker!.scheduler.idle();
  }, 120_000);

  afterAll(async () => {
    await system?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('forecasts at the last day that closed at the feed clock, not at the day still filling', async () => {
    const created = await system.request(
      `mutation { createModel(input: { name: "btc-daily", symbol: "BTC", target: VOLATILITY, algorithm: HAR, interval: D1, horizon: 1 }) { id } }`,
      {},
      analyst,
    );
    const modelId = created.data!.createModel.id as string;
    const trained = await system.request(
      `mutation($id: ID!) { trainModel(modelId: $id, trainFrom: "2016-01-01T00:00:00Z", trainTo: "2024-07-01T00:00:00Z") { id } }`,
      { id: modelId },
      analyst,
    );
    expect((await waitForJob(trained.data!.trainModel.id)).status).toBe('SUCCEEDED');
    // The market's newest daily candle is today's, rolled up from half a day of minutes.
    const today = await system.predictions.parts.market.latestCandleStart('BTC', 'D1');
    expect(today?.toISOString()).toBe('2024-07-01T00:00:00.000Z');

    const run = await system.request(`mutation($id: ID!) { runPredictions(modelId: $id) { id } }`, { id: modelId }, analyst);
    const job = await waitForJob(run.data!.runPredictions.id);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.result.ts).toBe('2024-06-30T00:00:00.000Z');
    const prediction = (
      await system.request(`query($id: ID!) { predictions(modelId: $id, first: 5) { edges { node { ts targetTs } } } }`, { id: modelId })
    ).data!.predictions.edges.map((edge: any) => edge.node);
    expect(prediction).toEqual([{ ts: '2024-06-30T00:00:00.000Z', targetTs: '2024-07-01T00:00:00.000Z' }]);
  });
});
