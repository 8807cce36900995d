import { barClosedChannel, createLogger, createMemoryEventBus } from '@cryptograph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketClient } from '../market/market-client.js';
import { startPredictionsTestSystem, type PredictionsTestSystem } from '../test-support/predictions-test-system.js';
import { startPredictionScheduler } from './prediction-scheduler.js';

/**
 * The first clock of a fresh install is a guess from the stored candles; the feed's own messages
 * are what the clock follows. A message that arrives while the guess is still being worked out (the
 * market is slow to answer) must not be overwritten by the guess.
 */
describe('the scheduler clock of a fresh install', () => {
  let system: PredictionsTestSystem;

  beforeAll(async () => {
    system = await startPredictionsTestSystem();
  }, 60_000);
  afterAll(async () => {
    await system?.close();
  });

  it('keeps the feed time a message proved while it was still guessing from the stored candles', async () => {
    const bus = createMemoryEventBus();
    let answer: (symbols: string[]) => void = () => {};
    const asked = new Promise<void>((resolve) => {
      const market: Pick<MarketClient, 'activeSymbols' | 'latestCandleStart'> = {
        activeSymbols: () => {
          resolve();
          return new Promise<string[]>((symbols) => (answer = symbols));
        },
        // The stored candles end long before the feed's clock.
        latestCandleStart: async (_symbol, interval) => new Date(interval === 'D1' ? '2024-06-30T00:00:00Z' : '2023-12-29T17:55:00Z'),
      };
      void startPredictionScheduler({
        db: system.predictions.parts.db,
        queue: system.predictions.parts.queue,
        bus,
        logger: createLogger('first-clock-test', 'silent'),
        market: market as MarketClient,
        defaultModels: false,
      }).then((scheduler) => (started = scheduler));
    });
    let started: Awaited<ReturnType<typeof startPredictionScheduler>> | undefined;
    await asked;
    await bus.publish(barClosedChannel, { symbol: 'BTC', ts: '2024-07-03T09:59:00.000Z', simulated: false });
    answer(['BTC']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const scheduler = started!;
    try {
      await scheduler.idle();
      expect(scheduler.feedTime()?.toISOString()).toBe('2024-07-03T10:00:00.000Z');
    } finally {
      await scheduler.stop();
      await bus.close();
    }
  });
});
