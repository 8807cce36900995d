import { createLogger, isAppError, listen, openInfrastructure, type Identity } from '@cryptograph/core';
import { createMarketService, loadMarketEnv } from '@cryptograph/market';
import { createPredictionsService, currentJob, getModel, loadPredictionsEnv, requestTraining } from '@cryptograph/predictions';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { CommandFailed } from './command-failed.js';
import { UsageError } from './usage-error.js';

const trainUsage =
  'train --model <id> [--from <ISO time>] [--to <ISO time>]: trains a new version on [from, to) (default: all data up to now) and waits for it.';

/**
 * `train`: enqueues a TRAIN job for a model on the durable queue and runs a worker in this process
 * until the job finishes (the market subgraph runs in-process on a loopback port for the candles).
 * The job is recorded as requested by the model's owner; the default models are left to the running system.
 */
export async function trainCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { model: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } }, strict: true });
  if (!values.model) throw new UsageError(`train needs --model.\n  ${trainUsage}`);
  const internal = { ...process.env, HOST: '127.0.0.1', PORT: '0', REPLAY_SPEED: '0', EXCHANGE_FEED: 'off', DEFAULT_MODELS: 'off' };
  const marketEnv = loadMarketEnv(internal);
  const logger = createLogger('train', marketEnv.LOG_LEVEL === 'info' ? 'warn' : marketEnv.LOG_LEVEL);
  const infrastructure = await openInfrastructure(marketEnv);
  const market = await createMarketService(marketEnv, { ...infrastructure, logger });
  try {
    const marketUrl = await listen(market.app, '127.0.0.1', 0);
    const predictions = await createPredictionsService(loadPredictionsEnv({ ...internal, MARKET_URL: marketUrl, PREDICTIONS_WORKER: 'true' }), {
      ...infrastructure,
      logger,
    });
    try {
      const { db, queue, bus, market } = predictions.parts;
      const failed = (error: unknown): never => {
        throw isAppError(error) ? new CommandFailed(`train: ${error.message}`) : error;
      };
      const model = await getModel(db, values.model).catch(failed);
      const owner: Identity = { userId: model.owner_id, role: 'ANALYST', scopes: null, clientAddress: '127.0.0.1' };
      const request = { modelId: model.id, trainFrom: values.from ?? '2009-01-03T00:00:00Z', trainTo: values.to ?? new Date().toISOString() };
      const job = await requestTraining(db, queue, bus, logger, market.fetchCandles, owner, request).catch(failed);
      console.log(`Training ${model.name} (job ${job.id})…`);
      let last = '';
      for (;;) {
        const current = (await currentJob(db, job.id))!;
        const line = `${current.status} ${Math.round(current.progress * 100)}% ${current.message ?? ''}`;
        if (line !== last) console.log(`  ${line}`);
        last = line;
        if (current.status === 'FAILED') throw new CommandFailed(`train: the job failed: ${current.error}`);
        if (current.status === 'SUCCEEDED') {
          console.log(JSON.stringify(current.result, null, 2));
          break;
        }
        await sleep(250);
      }
    } finally {
      await predictions.app.close();
      await predictions.close();
    }
  } finally {
    await market.app.close();
    await market.close();
    await infrastructure.close();
  }
}
