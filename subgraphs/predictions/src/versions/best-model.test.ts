import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@cryptograph/testing';
import { signedIn, startPredictionsTestSystem, type PredictionsTestSystem } from '../test-support/predictions-test-system.js';
import { pickBestModel } from './best-model-rule.js';

const w = (from: string, to: string, mse: number) => ({ from: `${from}T00:00:00.000Z`, to: `${to}T00:00:00.000Z`, mse });

describe('the bestModel rule', () => {
  it('takes the lowest error on the newest window every candidate was evaluated on, even when an older window has more models', () => {
    const candidates = [
      { modelId: 'har', evaluations: [w('2023-01-01', '2023-04-01', 1), w('2024-01-01', '2024-02-01', 5)] },
      { modelId: 'ridge', evaluations: [w('2023-01-01', '2023-04-01', 2), w('2024-01-01', '2024-02-01', 4)] },
    ];
    expect(pickBestModel(candidates)).toBe('ridge');
  });

  it('a window every candidate shares beats a newer one only some share; with none shared by all, the newest shared by the most decides', () => {
    const shared = [
      { modelId: 'a', evaluations: [w('2023-01-01', '2023-04-01', 1), w('2024-01-01', '2024-02-01', 9)] },
      { modelId: 'b', evaluations: [w('2023-01-01', '2023-04-01', 2), w('2024-01-01', '2024-02-01', 1)] },
      { modelId: 'c', evaluations: [w('2023-01-01', '2023-04-01', 3)] },
    ];
    expect(pickBestModel(shared)).toBe('a');
    const none = [
      { modelId: 'a', evaluations: [w('2022-01-01', '2022-04-01', 1), w('2024-01-01', '2024-02-01', 9)] },
      { modelId: 'b', evaluations: [w('2022-01-01', '2022-04-01', 2), w('2024-01-01', '2024-02-01', 1)] },
      { modelId: 'c', evaluations: [w('2023-01-01', '2023-04-01', 0.5)] },
    ];
    expect(pickBestModel(none)).toBe('b');
  });

  it('ties on size go to the latest end, then the latest start; nothing evaluated is null', () => {
    const candidates = [
      { modelId: 'a', evaluations: [w('2024-01-01', '2024-03-01', 1), w('2024-02-01', '2024-03-01', 5)] },
      { modelId: 'b', evaluations: [w('2024-01-01', '2024-03-01', 2), w('2024-02-01', '2024-03-01', 4)] },
    ];
    expect(pickBestModel(candidates)).toBe('b');
    expect(pickBestModel([{ modelId: 'a', evaluations: [] }])).toBeNull();
    expect(pickBestModel([])).toBeNull();
  });
});

describe('bestModel on real data', () => {
  let system: PredictionsTestSystem;
  const analyst = signedIn('ANALYST');
  const settle = () =>
    waitFor(
      async () => (await system.predictions.parts.db.selectFrom('jobs').select('id').where('status', 'in', ['QUEUED', 'RUNNING']).execute()).length === 0,
      60_000,
    );
  const create = async (name: string, algorithm: string, horizon = 1) =>
    (
      await system.request(
        `mutation { createModel(input: { name: "${name}", symbol: "BTC", target: VOLATILITY, algorithm: ${algorithm}, interval: D1, horizon: ${horizon} }) { id } }`,
        {},
        analyst,
      )
    ).data!.createModel.id as string;
  const train = (id: string, from: string, to: string) =>
    system.request(`mutation($id: ID!) { trainModel(modelId: $id, trainFrom: "${from}", trainTo: "${to}") { id } }`, { id }, analyst);
  const latest = async (id: string) =>
    (await system.request(`query($id: ID!) { model(id: $id) { latestVersion { id metrics { mseValidation validationFrom validationTo } } } }`, { id })).data!
      .model.latestVersion;
  const best = async (extra = '') =>
    (await system.request(`query { bestModel(symbol: "BTC", target: VOLATILITY${extra}) { id } }`)).data!.bestModel?.id ?? null;

  beforeAll(async () => {
    system = await startPredictionsTestSystem();
    await system.importShipped('BTC', '1d');
  }, 60_000);
  afterAll(async () => {
    await system?.close();
  });

  it('the case the issue measured: a later scoreModel window where RIDGE has the lower error beats the older training window where HAR did', async () => {
    const har = await create('har', 'HAR');
    const ridge = await create('ridge', 'RIDGE');
    for (const id of [har, ridge]) await train(id, '2016-01-01T00:00:00Z', '2021-01-01T00:00:00Z');
    await settle();
    const [harVersion, ridgeVersion] = [await latest(har), await latest(ridge)];
    // Same training window, so the same validation window.
    expect(harVersion.metrics.validationFrom).toBe(ridgeVersion.metrics.validationFrom);
    expect(harVersion.metrics.mseValidation).toBeLessThan(ridgeVersion.metrics.mseValidation);
    expect(await best()).toBe(har);

    // Later windows: find one where RIDGE had the lower error, as the measurement did.
    const windows = [
      '2021-01-01',
      '2021-04-01',
      '2021-07-01',
      '2021-10-01',
      '2022-01-01',
      '2022-04-01',
      '2022-07-01',
      '2022-10-01',
      '2023-01-01',
      '2023-04-01',
      '2023-07-01',
      '2023-10-01',
      '2024-01-01',
      '2024-04-01',
      '2024-07-01',
    ];
    let found: { from: string; to: string } | null = null;
    for (let k = 0; k + 1 < windows.length && !found; k++) {
      const from = `${windows[k]}T00:00:00Z`;
      const to = `${windows[k + 1]}T00:00:00Z`;
      const scores = [];
      for (const version of [harVersion, ridgeVersion]) {
        const job = await system.request(`mutation($id: ID!) { scoreModel(versionId: $id, from: "${from}", to: "${to}") { id } }`, { id: version.id }, analyst);
        scores.push(job.data!.scoreModel.id as string);
      }
      await settle();
      const mse = await Promise.all(
        scores.map(
          async (id) =>
            (
              (await system.predictions.parts.db.selectFrom('jobs').select('result').where('id', '=', id).executeTakeFirstOrThrow()).result!.metrics as {
                mseTest: number;
              }
            ).mseTest,
        ),
      );
      if (mse[1]! < mse[0]!) found = { from, to };
      else expect(await best()).toBe(har);
    }
    expect(found).not.toBeNull();
    expect(await best()).toBe(ridge);
    // Errors of another horizon or interval are not compared with these.
    expect(await best(', horizon: 5')).toBeNull();
    const weekly = await create('har-h5', 'HAR', 5);
    await train(weekly, '2016-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
    await settle();
    expect(await best(', horizon: 5')).toBe(weekly);
    expect(await best()).toBe(ridge);
    expect(await best(', interval: M5')).toBeNull();
  }, 180_000);

  it('a horizon no model can have is BAD_USER_INPUT naming it, not a silent null', async () => {
    for (const horizon of [0, -5, 501]) {
      const result = await system.request(`query { bestModel(symbol: "BTC", target: VOLATILITY, horizon: ${horizon}) { id } }`);
      expect(result.errors?.[0]?.extensions, String(horizon)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'horizon' });
    }
    expect((await system.request(`query { bestModel(symbol: "BTC", target: VOLATILITY, horizon: 500) { id } }`)).errors).toBeUndefined();
  });
});
