// Fault-injection support: models, jobs and predictions through the gateway.
import { createRedisEventBus, jobUpdatedChannel } from '@cryptograph/core';
import { graphql, graphqlData, until } from './fault-clients.js';

/** Waits until a job has finished and returns its final state. */
export async function waitForJob(
  gatewayUrl: string,
  token: string,
  jobId: string,
  timeoutMs = 60_000,
): Promise<{ status: string; attempts: number; error: string | null; result: any; finishedAt: string | null }> {
  let job: { status: string; attempts: number; error: string | null; result: any; finishedAt: string | null } | undefined;
  await until(
    async () => {
      const answer = await graphql(gatewayUrl, 'query($id: ID!) { job(id: $id) { status attempts error result finishedAt } }', { id: jobId }, token);
      job = answer.body.data?.job ?? undefined;
      return job?.status === 'SUCCEEDED' || job?.status === 'FAILED';
    },
    `job ${jobId} to finish`,
    timeoutMs,
  );
  return job!;
}

/** Creates `count` NAIVE volatility models of BTC (daily bars) and trains each on 2023; returns their ids once every training succeeded. */
export async function createTrainedModels(gatewayUrl: string, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  const jobs: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const created = await graphqlData(
      gatewayUrl,
      'mutation($input: CreateModelInput!) { createModel(input: $input) { id } }',
      { input: { name: `faults-${index}`, symbol: 'BTC', target: 'VOLATILITY', algorithm: 'NAIVE', interval: 'D1', horizon: 1 } },
      token,
    );
    ids.push(created.createModel.id as string);
    jobs.push(await trainModel(gatewayUrl, token, created.createModel.id as string));
  }
  for (const jobId of jobs) {
    const job = await waitForJob(gatewayUrl, token, jobId);
    if (job.status !== 'SUCCEEDED') throw new Error(`training job ${jobId} ended ${job.status}: ${job.error}`);
  }
  return ids;
}

/** Enqueues a training of a model on 2023; returns the job id. */
export async function trainModel(gatewayUrl: string, token: string, modelId: string): Promise<string> {
  return (
    await graphqlData(
      gatewayUrl,
      'mutation($id: ID!) { trainModel(modelId: $id, trainFrom: "2023-01-01T00:00:00Z", trainTo: "2024-01-01T00:00:00Z") { id } }',
      { id: modelId },
      token,
    )
  ).trainModel.id as string;
}

/** Runs a model's prediction at the latest bar and waits for its job; returns the prediction id. */
export async function runPrediction(gatewayUrl: string, token: string, modelId: string): Promise<string> {
  const jobId = (await graphqlData(gatewayUrl, 'mutation($id: ID!) { runPredictions(modelId: $id) { id } }', { id: modelId }, token)).runPredictions
    .id as string;
  const job = await waitForJob(gatewayUrl, token, jobId);
  if (job.status !== 'SUCCEEDED' || !job.result?.predictionId)
    throw new Error(`prediction job ${jobId} ended ${job.status}: ${job.error} ${JSON.stringify(job.result)}`);
  return String(job.result.predictionId);
}

/** A job's final state as its worker announces it on the bus. */
export interface FinishedJob {
  readonly id: string;
  readonly status: string;
  readonly finishedAt: string;
  readonly result: Record<string, unknown> | null;
}

/** Listens to the job updates the workers publish on Redis (`jobUpdatedChannel` of `@cryptograph/core`), also while the predictions subgraph is down. */
export async function watchJobs(
  redisUrl: string,
  prefix: string,
): Promise<{ finished(ids: readonly string[], timeoutMs: number): Promise<FinishedJob[]>; close(): Promise<void> }> {
  const bus = createRedisEventBus(redisUrl, prefix);
  const done = new Map<string, FinishedJob>();
  await bus.subscribe(jobUpdatedChannel, (message) => {
    const job = message as Partial<FinishedJob> | null;
    if (typeof job?.id === 'string' && (job.status === 'SUCCEEDED' || job.status === 'FAILED')) done.set(job.id, job as FinishedJob);
  });
  return {
    async finished(ids, timeoutMs) {
      await until(() => ids.every((id) => done.has(id)), `jobs ${ids.join(', ')} to finish`, timeoutMs);
      return ids.map((id) => done.get(id)!);
    },
    close: () => bus.close(),
  };
}
