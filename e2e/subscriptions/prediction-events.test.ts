// Scenario: jobs report progress and prediction events reach subscribers through the gateway with other subgraphs'
// fields, and `after` resumes without gaps or duplicates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '@cryptograph/app/testing';
import { collect, graphqlWsClient, graphqlWsUrl, waitFor } from '@cryptograph/testing';
import { stackWithAdmin } from './stack-with-admin.js';

const predictionFields = 'id target value asset { symbol name latestPrice { price } } model { name owner { username } }';

describe('prediction events through the gateway', () => {
  let stack: TestStack;
  let token: string;
  const modelIds: string[] = [];

  /** Runs a job mutation and waits for the job to succeed, watching it over `jobUpdated`. */
  async function runJob(mutation: string, variables: Record<string, unknown>): Promise<{ status: string; progress: number }[]> {
    const started = await stack.graphql(mutation, variables, { token });
    expect(started.body.errors).toBeUndefined();
    const jobId = (Object.values(started.body.data!)[0] as { id: string }).id;
    const client = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token });
    const updates = collect<{ jobUpdated: { status: string; progress: number } }>(
      client,
      'subscription($id: ID!) { jobUpdated(id: $id) { status progress } }',
      { id: jobId },
    );
    await waitFor(
      () => updates.results.some((event) => ['SUCCEEDED', 'FAILED'].includes(event.data!.jobUpdated.status)) || updates.completed,
      `job ${jobId}`,
      60_000,
    );
    const job = await stack.graphql('query($id: ID!) { job(id: $id) { status error progress } }', { id: jobId }, { token });
    expect(job.body.data.job).toMatchObject({ status: 'SUCCEEDED', error: null });
    updates.stop();
    await client.dispose();
    return updates.results.map((event) => event.data!.jobUpdated);
  }

  beforeAll(async () => {
    ({ stack, adminToken: token } = await stackWithAdmin({ MARKET_SEED_DATA: 'true' }));
    // One prediction per model and bar: three models give three distinct prediction events.
    for (const horizon of [1, 2, 3]) {
      const created = await stack.graphql(
        'mutation($name: String!, $horizon: Int!) { createModel(input: { name: $name, symbol: "BTC", target: VOLATILITY, algorithm: NAIVE, interval: D1, horizon: $horizon }) { id } }',
        { name: `btc-naive-h${horizon}`, horizon },
        { token },
      );
      expect(created.body.errors).toBeUndefined();
      modelIds.push(created.body.data.createModel.id);
      const progress = await runJob(
        'mutation($id: ID!) { trainModel(modelId: $id, trainFrom: "2021-01-01T00:00:00Z", trainTo: "2023-01-01T00:00:00Z") { id } }',
        { id: modelIds.at(-1) },
      );
      const fractions = progress.map((update) => update.progress);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
      expect(progress.at(-1)).toMatchObject({ status: 'SUCCEEDED' });
    }
  }, 180_000);
  afterAll(() => stack?.stop());

  it('delivers new predictions with fields of the market, predictions and users subgraphs, then resumes after a given id', async () => {
    const client = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token });
    const live = collect(client, `subscription { predictionCreated(symbols: ["BTC"]) { ${predictionFields} } }`);
    await waitFor(() => stack.subscriptionStats().streams >= 1, 'the upstream subscription');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await runJob('mutation($id: ID!) { runPredictions(modelId: $id) { id } }', { id: modelIds[0] });
    await runJob('mutation($id: ID!) { runPredictions(modelId: $id) { id } }', { id: modelIds[1] });
    await waitFor(() => live.results.length >= 2, 'two prediction events', 30_000);
    const [first, second] = live.results.map((event) => event.data!.predictionCreated);
    expect(first).toMatchObject({
      target: 'VOLATILITY',
      asset: { symbol: 'BTC', name: 'Bitcoin' },
      model: { name: 'btc-naive-h1', owner: { username: 'admin' } },
    });
    expect(typeof first.value).toBe('number');
    expect(first.asset.latestPrice.price).toBeGreaterThan(0);
    expect(BigInt(second.id)).toBeGreaterThan(BigInt(first.id));
    expect(first).not.toHaveProperty('_cryptographResumeId');

    const resumed = collect(client, `subscription($after: ID) { predictionCreated(symbols: ["BTC"], after: $after) { id } }`, { after: first.id });
    await waitFor(() => resumed.results.length >= 1, 'the replayed event');
    await runJob('mutation($id: ID!) { runPredictions(modelId: $id) { id } }', { id: modelIds[2] });
    await waitFor(() => resumed.results.length >= 2 && live.results.length >= 3, 'the next live event on both', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const third = live.results[2]!.data!.predictionCreated.id;
    expect(resumed.results.map((event) => event.data!.predictionCreated.id)).toEqual([second.id, third]);
    live.stop();
    resumed.stop();
    await client.dispose();
  }, 120_000);
});
