import type { EventBus, Logger } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import { intervalMs } from '../forecasting/bar.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { FetchCandles } from '../market/market-client.js';
import { realizeDue } from './realize-predictions.js';

/**
 * Channel and payload of the market's price ticks (`market.price-tick`, `{ symbol, price, ts }`):
 * the market subgraph's bus contract, restated here so predictions does not import market code.
 */
export const priceTickChannel = 'market.price-tick';

/** A running scheduler. */
export interface PredictionScheduler {
  /** Resolves when every tick received so far has been handled. */
  idle(): Promise<void>;
  /** Ticks received so far. */
  ticks(): number;
  stop(): Promise<void>;
}

/**
 * Schedules predictions in replay time, like the seeds' Airflow schedule: the clock is the `ts` of
 * the price ticks on the bus (a tick of minute T means bar T is stored, so data up to T + 1 min is
 * known). Each time a PRODUCTION model's bar completes — every minute for M1, every day for D1 —
 * one PREDICT job is enqueued (deduplicated per model and bar, so several schedulers may run). On
 * every tick, pending predictions of the asset whose outcome is now due are realized or marked stale.
 */
export async function startPredictionScheduler(deps: { db: Kysely<PredictionsDatabase>; queue: JobQueue; bus: EventBus; logger: Logger; fetchCandles: FetchCandles }): Promise<PredictionScheduler> {
  const lastBarEnd = new Map<string, number>();
  let chain: Promise<void> = Promise.resolve();
  let received = 0;
  const handleTick = async (symbol: string, asOf: Date) => {
    const models = await deps.db
      .selectFrom('models')
      .innerJoin('model_versions', 'model_versions.model_id', 'models.id')
      .select(['models.id', 'models.interval'])
      .where('models.symbol', '=', symbol)
      .where('model_versions.stage', '=', 'PRODUCTION')
      .execute();
    for (const model of models) {
      const step = intervalMs[model.interval];
      const barEnd = Math.floor(asOf.getTime() / step) * step;
      if ((lastBarEnd.get(model.id) ?? 0) >= barEnd) continue;
      lastBarEnd.set(model.id, barEnd);
      await enqueueJob(deps, { kind: 'PREDICT', modelId: model.id, input: { asOf: new Date(barEnd).toISOString(), scheduled: true }, createdBy: null, dedupeKey: `predict:${model.id}:${barEnd}` });
    }
    await realizeDue(deps, symbol, asOf);
  };
  const unsubscribe = await deps.bus.subscribe(priceTickChannel, (message) => {
    const tick = message as { symbol?: unknown; ts?: unknown } | null;
    if (typeof tick?.symbol !== 'string' || typeof tick.ts !== 'string') return;
    const ts = Date.parse(tick.ts);
    if (Number.isNaN(ts)) return;
    const symbol = tick.symbol;
    received += 1;
    chain = chain.then(() => handleTick(symbol, new Date(ts + 60_000))).catch((error: unknown) => deps.logger.error({ err: error }, 'scheduling predictions failed'));
  });
  return {
    ticks: () => received,
    idle: async () => {
      let seen: Promise<void>;
      do {
        seen = chain;
        await seen;
      } while (seen !== chain);
    },
    stop: async () => {
      await unsubscribe();
      await chain;
    },
  };
}
