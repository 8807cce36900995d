import { assetChangedChannel, systemUserId } from '@cryptograph/core';
import { waitFor } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, startPredictionsTestSystem, type PredictionsTestSystem } from '../test-support/predictions-test-system.js';

const modelsQuery = `query { models(first: 100) { edges { node { id name isDefault algorithm interval horizon target asset { symbol } owner { id }
  productionVersion { version trigger stage promotions { stage automatic reason by { id } } metrics { skill skillValidation validationSamples testSamples } } } } } }`;

describe('default models', () => {
  let system: PredictionsTestSystem;
  const viewer = signedIn('VIEWER');
  const settle = () =>
    waitFor(
      async () => (await system.predictions.parts.db.selectFrom('jobs').select('id').where('status', 'in', ['QUEUED', 'RUNNING']).execute()).length === 0,
      120_000,
    );
  const models = async () => ((await system.request(modelsQuery, {}, viewer)).data!.models.edges as { node: any }[]).map((edge) => edge.node);

  beforeAll(async () => {
    // The shipped data of two assets before the predictions service starts, as on a first start.
    system = await startPredictionsTestSystem({ DEFAULT_MODELS: 'on' }, async (market) => {
      await market.importShipped('BTC', '1d');
      await market.importShipped('BTC', '1m');
      await market.importShipped('ETH', '1d');
    });
  }, 120_000);
  afterAll(async () => {
    await system?.close();
  });

  it('are created for every tracked asset, owned by the system user, trained in the background and promoted; predictions follow with no user action', async () => {
    await waitFor(async () => (await models()).filter((model) => model.productionVersion).length === 5, 120_000);
    await settle();
    const all = await models();
    expect(all.every((model) => model.isDefault && model.owner.id === systemUserId)).toBe(true);
    const names = all.map((model) => model.name).sort();
    // BTC has minute data (an intraday model), ETH only daily bars; the catalog's other assets have no data yet.
    expect(names.filter((name) => /^(BTC|ETH) /.test(name))).toEqual([
      'BTC daily return',
      'BTC daily volatility',
      'BTC intraday volatility',
      'ETH daily return',
      'ETH daily volatility',
    ]);
    const trained = all.filter((model) => model.productionVersion);
    expect(trained.map((model) => model.name).sort()).toEqual([
      'BTC daily return',
      'BTC daily volatility',
      'BTC intraday volatility',
      'ETH daily return',
      'ETH daily volatility',
    ]);
    for (const model of trained) {
      expect(model.productionVersion).toMatchObject({ version: 1, trigger: 'DEFAULT', stage: 'PRODUCTION' });
      expect(model.productionVersion.promotions.map((promotion: any) => promotion.stage)).toEqual(['DEVELOPMENT', 'PRODUCTION']);
      expect(model.productionVersion.promotions[1]).toMatchObject({
        automatic: true,
        by: null,
        reason: 'First version of a default model: promoted once trained.',
      });
    }
    const intraday = trained.find((model) => model.name === 'BTC intraday volatility');
    expect(intraday).toMatchObject({ algorithm: 'HAR', interval: 'M5', horizon: 12, target: 'VOLATILITY' });
    expect(intraday.productionVersion.metrics.validationSamples).toBe(288);
    const daily = trained.find((model) => model.name === 'BTC daily volatility');
    expect(daily.productionVersion.metrics.skill).toBeGreaterThan(0);
    // A fresh install starts where its stored timeline ends (the daily history runs to 2024-06-30,
    // half a year past the minutes): the daily models train on all of it and predict the newest
    // closed day once, not every day since the last minute bar as if the system had been away.
    const db = system.predictions.parts.db;
    const dailyVersions = await db
      .selectFrom('model_versions')
      .innerJoin('models', 'models.id', 'model_versions.model_id')
      .select(['models.name', 'model_versions.train_to'])
      .where('models.interval', '=', 'D1')
      .execute();
    expect(dailyVersions.map((row) => row.train_to.toISOString())).toEqual(dailyVersions.map(() => '2024-07-01T00:00:00.000Z'));
    expect(intraday.productionVersion).toBeTruthy();
    const intradayVersion = await db.selectFrom('model_versions').select('train_to').where('model_id', '=', intraday.id).executeTakeFirstOrThrow();
    // The intraday model trains up to its newest (shipped) minute bar, not into the empty half year after it.
    expect(intradayVersion.train_to.toISOString()).toBe('2023-12-29T18:00:00.000Z');
    await waitFor(async () => (await db.selectFrom('predictions').select('model_id').distinct().execute()).length === 4, 30_000);
    await system.predictions.worker!.scheduler.idle();
    const made = await db
      .selectFrom('predictions')
      .innerJoin('models', 'models.id', 'predictions.model_id')
      .select(['models.name', 'predictions.ts'])
      .execute();
    expect(made.map((row) => [row.name, row.ts.toISOString()]).sort()).toEqual(
      ['BTC daily return', 'BTC daily volatility', 'ETH daily return', 'ETH daily volatility'].map((name) => [name, '2024-06-30T00:00:00.000Z']),
    );
    const untrained = all.filter((model) => !model.productionVersion);
    expect(untrained.every((model) => !/^(BTC|ETH) /.test(model.name))).toBe(true);
  }, 180_000);

  it('an added asset gets its default models; running again creates nothing twice', async () => {
    const before = (await models()).length;
    await system.importShipped('XRP', '1d');
    await system.bus.publish(assetChangedChannel, { symbol: 'XRP', change: 'added' });
    await waitFor(async () => (await models()).filter((model) => model.name.startsWith('XRP ') && model.productionVersion).length === 2, 60_000);
    expect((await models()).length).toBe(before);
    const versions = await system.predictions.parts.db.selectFrom('model_versions').select(['model_id']).execute();
    expect(new Set(versions.map((row) => row.model_id)).size).toBe(versions.length);
  }, 120_000);

  it('training reads a window in one market request, not one per 10,000 empty intervals', async () => {
    const { market } = system.predictions.parts;
    // Counted requests must be this test's only: let the scheduler finish what the last promotions started.
    await settle();
    await system.predictions.worker!.scheduler.idle();
    const before = market.requests();
    const daily = await market.fetchCandles('BTC', 'D1', new Date('2009-01-03T00:00:00Z'), new Date('2024-07-01T00:00:00Z'));
    expect(daily).toHaveLength(3575);
    expect(market.requests() - before).toBe(1);
    const minuteStart = market.requests();
    const minutes = await market.fetchCandles('BTC', 'M1', new Date('2009-01-03T00:00:00Z'), new Date('2024-07-01T00:00:00Z'));
    expect(minutes.length).toBeGreaterThan(45_000);
    // One downsampled look for where the data is, then one request per 10,000 bars of it (was ~820).
    expect(market.requests() - minuteStart).toBeLessThanOrEqual(7);
    const fiveMinutes = await market.fetchCandles('BTC', 'M5', new Date('2009-01-03T00:00:00Z'), new Date('2024-07-01T00:00:00Z'));
    expect(fiveMinutes.length).toBeGreaterThan(9000);
    const times = minutes.map((bar) => bar.ts);
    expect(new Set(times).size).toBe(times.length);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  }, 60_000);
});

describe('DEFAULT_MODELS=off', () => {
  it('creates no model, trains nothing and predicts nothing, whatever data and feed there is', async () => {
    const system = await startPredictionsTestSystem({ DEFAULT_MODELS: 'off' }, async (market) => {
      await market.importShipped('BTC', '1d');
      await market.importShipped('BTC', '1m');
    });
    try {
      await system.bus.publish(assetChangedChannel, { symbol: 'BTC', change: 'added' });
      await system.predictions.worker!.scheduler.idle();
      expect(system.predictions.worker!.scheduler.feedTime()).not.toBeNull();
      const db = system.predictions.parts.db;
      expect(await db.selectFrom('models').select('id').execute()).toEqual([]);
      expect(await db.selectFrom('jobs').select('id').execute()).toEqual([]);
    } finally {
      await system.close();
    }
  }, 60_000);
});
