import { assetChangedChannel, barClosedChannel, candlesChangedChannel } from '@cryptograph/core';
import { waitFor } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJobQueue } from '../jobs/open-job-queue.js';
import { startPredictionsWorker } from '../worker.js';
import { signedIn, startPredictionsTestSystem, type PredictionsTestSystem } from '../test-support/predictions-test-system.js';

const day = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const versionFields =
  'id version stage trigger trainTo promotions { stage fromStage automatic reason by { id } championSkill challengerSkill evalFrom evalTo }';

/**
 * The feed run fast through several retraining cadences of a daily model, in feed time: the test
 * publishes the market's "bar closed" messages on the real bus, one feed day at a time, and waits
 * for the scheduler and the jobs it enqueues.
 */
describe('scheduled predictions, retraining and champion/challenger in feed time', () => {
  let system: PredictionsTestSystem;
  let modelId: string;
  let feed = at('2023-09-01T00:00:00Z');
  const analyst = signedIn('ANALYST');
  const db = () => system.predictions.parts.db;
  const worker = () => system.predictions.worker!;

  const settle = async () => {
    await waitFor(async () => {
      await worker().scheduler.idle();
      const open = await db().selectFrom('jobs').select('id').where('status', 'in', ['QUEUED', 'RUNNING']).execute();
      return open.length === 0;
    }, 60_000);
    await worker().scheduler.idle();
  };
  /** Moves the feed to `until`, one closed day at a time. */
  const runFeedTo = async (until: number) => {
    while (feed < until) {
      feed += day;
      await system.bus.publish(barClosedChannel, { symbol: 'BTC', ts: iso(feed - 60_000), simulated: false });
      await waitFor(() => worker().scheduler.feedTime()?.getTime() === feed);
      await settle();
    }
  };
  const versions = async () =>
    (await system.request(`query($id: ID!) { model(id: $id) { versions(first: 100) { ${versionFields} } } }`, { id: modelId })).data!.model.versions as any[];
  const train = async (from: string, to: string) => {
    const job = await system.request(
      `mutation($id: ID!, $from: DateTime!, $to: DateTime!) { trainModel(modelId: $id, trainFrom: $from, trainTo: $to) { id } }`,
      { id: modelId, from, to },
      analyst,
    );
    await settle();
    return (await db().selectFrom('jobs').select('result').where('id', '=', job.data!.trainModel.id).executeTakeFirstOrThrow()).result!.versionId as string;
  };
  const promote = (versionId: string) =>
    system.request(`mutation($id: ID!) { promoteModelVersion(versionId: $id, stage: PRODUCTION) { id stage } }`, { id: versionId }, analyst);

  beforeAll(async () => {
    system = await startPredictionsTestSystem();
    // The scheduler's first pass guesses the clock from the stored candles: on an empty market it
    // finds none and waits for the feed's messages. Under load it could otherwise read the candles
    // imported next and start at their end, ahead of the feed this test plays.
    await system.predictions.worker!.scheduler.idle();
    await system.importShipped('BTC', '1d');
    const created = await system.request(
      `mutation { createModel(input: { name: "btc-vol", symbol: "BTC", target: VOLATILITY, algorithm: HAR, interval: D1, horizon: 1, params: { quarter: 66, calendar: true, validationBars: 30, testBars: 20, retrainEvery: 10 } }) { id } }`,
      {},
      analyst,
    );
    modelId = created.data!.createModel.id;
  }, 60_000);
  afterAll(async () => {
    await system?.close();
  });

  it('a PRODUCTION model predicts every closed bar once, realizes outcomes, and retrains into challengers on its cadence; one that does not beat the champion stays in STAGING with its evidence', async () => {
    const champion = await train('2015-01-01T00:00:00Z', iso(feed));
    expect((await promote(champion)).data!.promoteModelVersion.stage).toBe('PRODUCTION');
    await system.bus.publish(barClosedChannel, { symbol: 'BTC', ts: iso(feed - 60_000), simulated: false });
    await waitFor(() => worker().scheduler.feedTime()?.getTime() === feed);
    await settle();
    await runFeedTo(feed + 60 * day);

    const predictions = await db().selectFrom('predictions').selectAll().where('model_id', '=', modelId).orderBy('ts').execute();
    // The newest bar at the first pass, then every bar that closed after it: once each, none skipped.
    expect(predictions.map((row) => row.ts.getTime())).toEqual(Array.from({ length: 61 }, (_v, k) => at('2023-08-31T00:00:00Z') + k * day));
    expect(predictions.filter((row) => row.status === 'PENDING').map((row) => iso(row.ts.getTime()))).toEqual([iso(at('2023-10-30T00:00:00Z'))]);
    expect(predictions.filter((row) => row.status === 'REALIZED')).toHaveLength(60);

    const all = await versions();
    const challengers = all.filter((version) => version.trigger === 'SCHEDULED');
    // Retrained every 10 feed days after the champion's training end.
    expect(challengers.map((version) => version.trainTo).sort()).toEqual([10, 20, 30, 40, 50, 60].map((k) => iso(at('2023-09-01T00:00:00Z') + k * day)));
    expect(all.find((version) => version.id === champion).stage).toBe('PRODUCTION');
    const newest = challengers.sort((a, b) => b.version - a.version)[0];
    expect(newest.stage).toBe('STAGING');
    const decision = newest.promotions.at(-1);
    expect(decision).toMatchObject({
      stage: 'STAGING',
      fromStage: 'DEVELOPMENT',
      automatic: true,
      by: null,
      evalFrom: iso(at('2023-09-10T00:00:00Z')),
      evalTo: iso(at('2023-10-10T00:00:00Z')),
    });
    expect(decision.reason).toMatch(/does not beat champion version 1's/);
    expect(decision.challengerSkill).toBeLessThan(decision.championSkill + 0.01);
    // Earlier challengers: not enough evidence at first, superseded (archived) by later ones.
    const first = challengers.find((version) => version.trainTo === iso(at('2023-09-11T00:00:00Z')));
    expect(first.stage).toBe('ARCHIVED');
    expect(first.promotions.map((promotion: any) => promotion.stage)).toEqual(['DEVELOPMENT', 'STAGING', 'ARCHIVED']);
    expect(first.promotions[1].reason).toMatch(
      /^Not enough evidence: the validation window ends at 2023-08-21T00:00:00.000Z, before version 1's training ended \(2023-09-01T00:00:00.000Z\)/,
    );
  }, 240_000);

  it('a challenger that beats the champion by the margin is promoted automatically with both skills and the window; rollback restores the champion', async () => {
    // An analyst puts a version fitted on the 2018 crash alone in production: it is out of date.
    const stale = await train('2017-01-01T00:00:00Z', '2019-01-01T00:00:00Z');
    await promote(stale);
    await runFeedTo(feed + 10 * day);
    const all = await versions();
    const winner = all.find((version) => version.trigger === 'SCHEDULED' && version.stage === 'PRODUCTION');
    expect(winner).toBeDefined();
    const decision = winner.promotions.at(-1);
    expect(decision).toMatchObject({ stage: 'PRODUCTION', automatic: true, by: null, evalTo: iso(feed - 20 * day - day) });
    expect(Date.parse(decision.evalTo) - Date.parse(decision.evalFrom)).toBe(30 * day);
    expect(decision.challengerSkill).toBeGreaterThanOrEqual(decision.championSkill + 0.01);
    expect(decision.reason).toMatch(/beats champion version \d+'s .* on 30 forecasts in \[/);
    const staleNow = all.find((version) => version.id === stale);
    expect(staleNow.stage).toBe('ARCHIVED');
    expect(staleNow.promotions.at(-1)).toMatchObject({ stage: 'ARCHIVED', automatic: true, championSkill: decision.championSkill });

    const viewerTry = await system.request(`mutation($id: ID!) { rollbackModel(modelId: $id) { id } }`, { id: modelId }, signedIn('VIEWER'));
    expect(viewerTry.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rolled = await system.request(`mutation($id: ID!) { rollbackModel(modelId: $id) { ${versionFields} } }`, { id: modelId }, analyst);
    expect(rolled.data!.rollbackModel).toMatchObject({ id: stale, stage: 'PRODUCTION' });
    expect(rolled.data!.rollbackModel.promotions.at(-1)).toMatchObject({
      stage: 'PRODUCTION',
      fromStage: 'ARCHIVED',
      automatic: false,
      by: { id: analyst.userId },
    });
    const after = await versions();
    expect(after.find((version) => version.id === winner.id).stage).toBe('ARCHIVED');
    expect(after.filter((version) => version.stage === 'PRODUCTION').map((version) => version.id)).toEqual([stale]);
    const unknown = await system.request(`mutation { rollbackModel(modelId: "6b1f8a34-5a0e-4a59-9f3c-3d2b1c0e9a11") { id } }`, {}, analyst);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }, 240_000);

  it('a restart neither skips nor repeats predictions, and realizes those that came due while it was down', async () => {
    const before = await db().selectFrom('predictions').select(['ts']).where('model_id', '=', modelId).execute();
    await worker().stop();
    const downAt = feed;
    // The feed moves on while the worker is down; nobody listens.
    for (let k = 1; k <= 4; k++) await system.bus.publish(barClosedChannel, { symbol: 'BTC', ts: iso(downAt + k * day - 60_000), simulated: false });
    const queue = await openJobQueue(system.env, db(), system.predictions.parts.logger);
    const restarted = await startPredictionsWorker({
      db: db(),
      queue,
      bus: system.bus,
      logger: system.predictions.parts.logger,
      market: system.predictions.parts.market,
    });
    try {
      await restarted.scheduler.idle();
      expect(restarted.scheduler.feedTime()?.getTime()).toBe(downAt);
      feed = downAt + 5 * day;
      await system.bus.publish(barClosedChannel, { symbol: 'BTC', ts: iso(feed - 60_000), simulated: false });
      await waitFor(() => restarted.scheduler.feedTime()?.getTime() === feed);
      await restarted.scheduler.idle();
      const rows = await db().selectFrom('predictions').selectAll().where('model_id', '=', modelId).orderBy('ts').execute();
      const times = rows.map((row) => row.ts.getTime());
      expect(new Set(times).size).toBe(times.length);
      expect(times.slice(before.length)).toEqual([1, 2, 3, 4, 5].map((k) => downAt - day + k * day));
      expect(rows.filter((row) => row.status === 'PENDING')).toHaveLength(1);

      // Real data replaced bars: outcomes measured on them are reopened and realized anew, forecasts made from them are marked.
      const changedFrom = feed - 3 * day;
      await db()
        .updateTable('predictions')
        .set({ realized: 123 })
        .where('model_id', '=', modelId)
        .where('ts', '=', new Date(changedFrom - day))
        .execute();
      await system.bus.publish(candlesChangedChannel, { symbol: 'BTC', from: iso(changedFrom), to: iso(changedFrom + day), reason: 'backfill' });
      await waitFor(async () => {
        await restarted.scheduler.idle();
        const row = await db()
          .selectFrom('predictions')
          .selectAll()
          .where('model_id', '=', modelId)
          .where('ts', '=', new Date(changedFrom - day))
          .executeTakeFirstOrThrow();
        return row.status === 'REALIZED' && row.realized !== 123;
      });
      const restated = await db().selectFrom('predictions').select('ts').where('model_id', '=', modelId).where('restated', '=', true).orderBy('ts').execute();
      expect(restated.map((row) => row.ts.getTime())).toEqual([changedFrom, changedFrom + day, changedFrom + 2 * day]);

      // A removed asset is not scheduled any more.
      await system.bus.publish(assetChangedChannel, { symbol: 'BTC', change: 'removed' });
      await waitFor(async () => (await db().selectFrom('removed_assets').selectAll().execute()).length === 1);
      feed += 2 * day;
      await system.bus.publish(barClosedChannel, { symbol: 'BTC', ts: iso(feed - 60_000), simulated: false });
      await waitFor(() => restarted.scheduler.feedTime()?.getTime() === feed);
      await restarted.scheduler.idle();
      const latest = await db().selectFrom('predictions').select('ts').where('model_id', '=', modelId).orderBy('ts', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(latest.ts.getTime()).toBe(feed - 3 * day);
    } finally {
      await restarted.stop();
    }
  }, 120_000);
});
