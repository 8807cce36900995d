import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, graphqlWsClient, waitFor } from '@cryptograph/testing';
import { signedIn, startPredictionsTestSystem, type PredictionsTestSystem } from '../test-support/predictions-test-system.js';

const createModel = `mutation($input: CreateModelInput!) { createModel(input: $input) { id params } }`;
const train = `mutation($id: ID!, $from: DateTime!, $to: DateTime!) { trainModel(modelId: $id, trainFrom: $from, trainTo: $to) { id status kind } }`;
const jobQuery = `query($id: ID!) { job(id: $id) { id kind status progress error attempts result finishedAt model { id } } }`;
const promote = `mutation($id: ID!, $stage: ModelStage!) { promoteModelVersion(versionId: $id, stage: $stage) { id version stage stageHistory { from to changedBy { id } changedAt } } }`;

describe('model registry and training jobs (durable queue, real data)', () => {
  let system: PredictionsTestSystem;
  let modelId: string;
  const analyst = signedIn('ANALYST');
  const viewer = signedIn('VIEWER');

  const waitForJob = async (id: string) => {
    let job: any;
    await waitFor(async () => {
      job = (await system.request(jobQuery, { id }, analyst)).data?.job;
      return job?.status === 'SUCCEEDED' || job?.status === 'FAILED';
    }, 20_000);
    return job;
  };

  beforeAll(async () => {
    system = await startPredictionsTestSystem();
    await system.importShipped('BTC', '1d');
    const created = await system.request(
      createModel,
      { input: { name: 'btc-har', symbol: 'BTC', target: 'VOLATILITY', algorithm: 'HAR', interval: 'D1', horizon: 5 } },
      analyst,
    );
    modelId = created.data!.createModel.id;
    expect(created.data!.createModel.params).toEqual({
      short: 1,
      medium: 5,
      long: 22,
      quarter: 0,
      calendar: false,
      refitEvery: 1,
      validationBars: 90,
      testBars: 60,
      retrainEvery: 1,
    });
  });

  afterAll(async () => {
    await system?.close();
  });

  it('trains a version through the queue, streaming every state change and progress step in order', async () => {
    const enqueued = await system.request(train, { id: modelId, from: '2015-01-01T00:00:00Z', to: '2020-01-01T00:00:00Z' }, analyst);
    expect(enqueued.errors).toBeUndefined();
    const jobId = enqueued.data!.trainModel.id;
    const client = graphqlWsClient(system.predictionsUrl.replace(/^http/, 'ws'), {
      headers: { 'x-cryptograph-identity': await system.identityHeader(analyst) },
    });
    const stream = collect(client, `subscription($id: ID!) { jobUpdated(id: $id) { id status progress message } }`, { id: jobId });
    await Promise.race([stream.done, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    await client.dispose();
    const events = stream.results.map((result) => result.data!.jobUpdated as { status: string; progress: number; message: string });
    expect(events[0]).toMatchObject({ status: 'QUEUED', progress: 0 });
    expect(events.at(-1)).toMatchObject({ status: 'SUCCEEDED', progress: 1 });
    expect(events.map((event) => event.status)).toEqual(['QUEUED', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'SUCCEEDED']);
    const progress = events.map((event) => event.progress);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);

    const job = await waitForJob(jobId);
    expect(job).toMatchObject({ kind: 'TRAIN', status: 'SUCCEEDED', progress: 1, error: null, attempts: 1, model: { id: modelId } });
    const model = (
      await system.request(
        `query($id: ID!) { model(id: $id) { latestVersion { id version stage params trainFrom trainTo dataFingerprint metrics { mseTrain mseTest r2Test maeTest baselineMseTest skill evalFrom evalTo testSamples } } } }`,
        { id: modelId },
        viewer,
      )
    ).data!.model;
    const version = model.latestVersion;
    expect(version).toMatchObject({ version: 1, stage: 'DEVELOPMENT', trainFrom: '2015-01-01T00:00:00.000Z', trainTo: '2020-01-01T00:00:00.000Z' });
    expect(job.result.versionId).toBe(version.id);
    expect(version.dataFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(version.metrics.skill).toBeCloseTo(1 - version.metrics.mseTest / version.metrics.baselineMseTest, 10);
    expect(Date.parse(version.metrics.evalFrom)).toBeGreaterThan(Date.parse('2015-01-01'));
    expect(version.metrics.evalTo).toBe('2020-01-01T00:00:00.000Z');
  });

  it('promotes with an audit trail, keeping at most one PRODUCTION version, and picks the best model', async () => {
    const second = await system.request(train, { id: modelId, from: '2016-01-01T00:00:00Z', to: '2020-01-01T00:00:00Z' }, analyst);
    await waitForJob(second.data!.trainModel.id);
    const versions = (await system.request(`query($id: ID!) { model(id: $id) { versions { id version } } }`, { id: modelId })).data!.model.versions as {
      id: string;
      version: number;
    }[];
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const [v2, v1] = versions;

    const viewerTry = await system.request(promote, { id: v1!.id, stage: 'PRODUCTION' }, viewer);
    expect(viewerTry.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const first = await system.request(promote, { id: v1!.id, stage: 'PRODUCTION' }, analyst);
    expect(first.data!.promoteModelVersion.stage).toBe('PRODUCTION');
    const next = await system.request(promote, { id: v2!.id, stage: 'PRODUCTION' }, analyst);
    expect(next.data!.promoteModelVersion.stageHistory).toEqual([
      { from: null, to: 'DEVELOPMENT', changedBy: { id: analyst.userId }, changedAt: expect.any(String) },
      { from: 'DEVELOPMENT', to: 'PRODUCTION', changedBy: { id: analyst.userId }, changedAt: expect.any(String) },
    ]);
    const model = (await system.request(`query($id: ID!) { model(id: $id) { productionVersion { id } versions { id stage } } }`, { id: modelId })).data!.model;
    expect(model.productionVersion.id).toBe(v2!.id);
    expect(model.versions.find((v: any) => v.id === v1!.id).stage).toBe('ARCHIVED');

    const naive = await system.request(
      createModel,
      { input: { name: 'btc-naive', symbol: 'BTC', target: 'VOLATILITY', algorithm: 'NAIVE', interval: 'D1', horizon: 5 } },
      analyst,
    );
    const naiveJob = await system.request(train, { id: naive.data!.createModel.id, from: '2016-01-01T00:00:00Z', to: '2020-01-01T00:00:00Z' }, analyst);
    await waitForJob(naiveJob.data!.trainModel.id);
    const best = await system.request(`query { bestModel(symbol: "btc", target: VOLATILITY, horizon: 5) { id algorithm } }`, {}, viewer);
    expect((await system.request(`query { bestModel(symbol: "btc", target: VOLATILITY) { id } }`, {}, viewer)).data!.bestModel).toBeNull();
    expect(best.data!.bestModel).toEqual({ id: modelId, algorithm: 'HAR' });
  });

  it('viewers cannot train, score or run predictions', async () => {
    const attempts = [
      await system.request(train, { id: modelId, from: '2015-01-01T00:00:00Z', to: '2020-01-01T00:00:00Z' }, viewer),
      await system.request(`mutation($id: ID!) { runPredictions(modelId: $id) { id } }`, { id: modelId }, viewer),
      await system.request(
        `mutation($id: ID!) { scoreModel(versionId: $id, from: "2021-01-01T00:00:00Z", to: "2022-01-01T00:00:00Z") { id } }`,
        { id: modelId },
        viewer,
      ),
    ];
    for (const attempt of attempts) expect(attempt.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects bad input with a code and writes nothing', async () => {
    const countJobs = async () =>
      Number(
        (
          await system.predictions.parts.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countJobs();
    const unknown = await system.request(train, { id: '6b1f8a34-5a0e-4a59-9f3c-3d2b1c0e9a11', from: '2015-01-01T00:00:00Z', to: '2020-01-01T00:00:00Z' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const small = await system.request(train, { id: modelId, from: '2019-01-01T00:00:00Z', to: '2019-03-01T00:00:00Z' });
    expect(small.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'trainFrom' } });
    expect(small.errors?.[0]?.message).toMatch(/holds 59 D1 candles of BTC; HAR with horizon 5 needs at least \d+/);
    const inverted = await system.request(train, { id: modelId, from: '2020-01-01T00:00:00Z', to: '2019-01-01T00:00:00Z' });
    expect(inverted.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const params = await system.request(createModel, {
      input: { name: 'bad', symbol: 'BTC', target: 'RETURN', algorithm: 'EWMA', interval: 'D1', horizon: 1, params: { lambda: 2 } },
    });
    expect(params.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(params.errors?.[0]?.message).toMatch(/params\.lambda/);
    const untrained = await system.request(promote, { id: '6b1f8a34-5a0e-4a59-9f3c-3d2b1c0e9a11', stage: 'PRODUCTION' });
    expect(untrained.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const fresh = await system.request(createModel, {
      input: { name: 'untrained', symbol: 'BTC', target: 'RETURN', algorithm: 'RIDGE', interval: 'D1', horizon: 1 },
    });
    const predictUntrained = await system.request(`mutation($id: ID!) { runPredictions(modelId: $id) { id } }`, { id: fresh.data!.createModel.id });
    expect(predictUntrained.errors?.[0]?.message).toMatch(/no trained version/);
    expect(await countJobs()).toBe(before);
  });

  it('a scoring job on an empty window fails with the reason and leaves the registry unchanged', async () => {
    const version = (await system.request(`query($id: ID!) { model(id: $id) { latestVersion { id } } }`, { id: modelId })).data!.model.latestVersion;
    const scored = await system.request(`mutation($id: ID!) { scoreModel(versionId: $id, from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z") { id } }`, {
      id: version.id,
    });
    const job = await waitForJob(scored.data!.scoreModel.id);
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(/no bar with a complete forecast/);
    expect(await system.predictions.parts.db.selectFrom('evaluations').selectAll().execute()).toEqual([]);

    const ok = await system.request(`mutation($id: ID!) { scoreModel(versionId: $id, from: "2020-01-01T00:00:00Z", to: "2021-01-01T00:00:00Z") { id } }`, {
      id: version.id,
    });
    expect((await waitForJob(ok.data!.scoreModel.id)).status).toBe('SUCCEEDED');
    const evaluation = (
      await system.request(`query($id: ID!) { modelEvaluation(versionId: $id) { mseTrain mseTest skill evalTo testSamples } }`, { id: version.id })
    ).data!.modelEvaluation;
    expect(evaluation).toMatchObject({ mseTrain: null, evalTo: '2021-01-01T00:00:00.000Z' });
    expect(evaluation.testSamples).toBeGreaterThan(300);
  });
});
