import {
  assetChangedChannel,
  barClosedChannel,
  candlesChangedChannel,
  createLogger,
  createMemoryEventBus,
  createRedisEventBus,
  priceTickChannel,
  type EventBus,
} from '@cryptograph/core/base';
import { redisBinaryAvailable, startRedisServer, subscribersOf, testEnvironment } from '@cryptograph/testing';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { watchMarketInvalidation } from './market-invalidation.js';
import type { AnswerDependencies } from './public-data-policy.js';
import { createResponseCacheStore, type ResponseCacheStore } from './response-cache-store.js';

const logger = createLogger('test', 'silent');
const day = 86_400_000;
const t0 = Date.parse('2024-07-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const { redisUrl } = testEnvironment();

function cacheOn(bus: EventBus) {
  const store = createResponseCacheStore({ maxBytes: 1 << 20 });
  const invalidation = watchMarketInvalidation(bus, store, logger, 20);
  const put = (key: string, dependencies: AnswerDependencies) =>
    store.complete(store.begin(key, dependencies), { body: Buffer.from('{"data":{}}'), dependencies, closed: false }, 60_000);
  return { store, invalidation, put };
}
const held = (store: ResponseCacheStore, keys: string[]) => keys.filter((key) => store.get(key) !== undefined);

describe('the market invalidation of the response cache', () => {
  it('follows the market events: ticks and closed bars change their day, changed candles their days, asset changes the catalog', async () => {
    const bus = createMemoryEventBus();
    const { store, invalidation, put } = cacheOn(bus);
    await expect.poll(() => invalidation.live()).toBe(true);
    const fillAll = () => {
      put('btc-history', { catalog: false, candles: [{ symbol: 'BTC', from: t0 - 10 * day, to: t0 - 5 * day }] });
      put('btc-today', { catalog: false, candles: [{ symbol: 'BTC', from: t0, to: t0 + day }] });
      put('btc-latest', { catalog: false, candles: [{ symbol: 'BTC', from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY }] });
      put('eth-today', { catalog: false, candles: [{ symbol: 'ETH', from: t0, to: t0 + day }] });
      put('assets', { catalog: true, candles: [] });
    };
    const all = ['btc-history', 'btc-today', 'btc-latest', 'eth-today', 'assets'];

    fillAll();
    await bus.publish(priceTickChannel, { symbol: 'BTC', price: 1, ts: iso(t0 + 60_000), source: 'LIVE' });
    expect(held(store, all)).toEqual(['btc-history', 'eth-today', 'assets']);

    fillAll();
    expect(invalidation.closedUntil('BTC')).toBeUndefined();
    await bus.publish(barClosedChannel, { symbol: 'BTC', ts: iso(t0 + 120_000), simulated: false });
    expect(held(store, all)).toEqual(['btc-history', 'eth-today', 'assets']);
    expect(invalidation.closedUntil('BTC')).toBe(t0 + 180_000);

    fillAll();
    // An import into days of history: the history answer changes, today's does not.
    await bus.publish(candlesChangedChannel, { symbol: 'BTC', from: iso(t0 - 7 * day + 3_600_000), to: iso(t0 - 6 * day), reason: 'import' });
    expect(held(store, all)).toEqual(['btc-today', 'eth-today', 'assets']);

    fillAll();
    await bus.publish(assetChangedChannel, { symbol: 'ETH', change: 'removed' });
    expect(held(store, all)).toEqual(['btc-history', 'btc-today', 'btc-latest']);
    await invalidation.close();
  });

  it('is off, and empty, while the bus is down', async () => {
    let healthy = true;
    const memory = createMemoryEventBus();
    const bus: EventBus = { ...memory, healthy: () => healthy };
    const { store, invalidation, put } = cacheOn(bus);
    await expect.poll(() => invalidation.live()).toBe(true);
    put('assets', { catalog: true, candles: [] });
    healthy = false;
    // The periodic check notices an outage even when nothing uses the cache meanwhile.
    await expect.poll(() => store.stats().entries).toBe(0);
    expect(invalidation.live()).toBe(false);
    healthy = true;
    expect(invalidation.live()).toBe(true);
    await invalidation.close();
  });

  // Its own redis-server: the test drops every subscriber connection of the server.
  it.runIf(redisBinaryAvailable())(
    'empties the cache when its Redis subscription dropped and came back between two checks (the events published meanwhile are lost)',
    async () => {
      const server = await startRedisServer();
      const prefix = 'invalidation-drop';
      const bus = createRedisEventBus(server.url, prefix);
      const admin = new Redis(server.url);
      const store = createResponseCacheStore({ maxBytes: 1 << 20 });
      // The production check interval: a reconnect takes ioredis about 50 ms, well inside it.
      const invalidation = watchMarketInvalidation(bus, store, logger, 1_000);
      try {
        await expect.poll(() => invalidation.live()).toBe(true);
        const history: AnswerDependencies = { catalog: false, candles: [{ symbol: 'BTC', from: t0 - 10 * day, to: t0 - 5 * day }] };
        store.complete(store.begin('btc-history', history), { body: Buffer.from('{"data":{}}'), dependencies: history, closed: true }, 60_000);
        await admin.client('KILL', 'TYPE', 'pubsub');
        // A correction of that history, announced while the subscriber reconnects: nobody hears it.
        expect(
          await admin.publish(
            `${prefix}:${candlesChangedChannel}`,
            JSON.stringify({ symbol: 'BTC', from: iso(t0 - 7 * day), to: iso(t0 - 6 * day), reason: 'import' }),
          ),
        ).toBe(0);
        await expect.poll(() => subscribersOf(admin, `${prefix}:${candlesChangedChannel}`)).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        expect(store.get('btc-history')).toBeUndefined();
        expect(invalidation.live()).toBe(true);
      } finally {
        await invalidation.close();
        await bus.close();
        admin.disconnect();
        await server.stop();
      }
    },
  );

  // Where redis-server is missing (a laptop) this case does not run; CI always has it.
  it.runIf(redisUrl)('hears the events of another process over Redis', async () => {
    const prefix = `invalidation-${randomBytes(4).toString('hex')}`;
    const [subscriber, publisher] = [createRedisEventBus(redisUrl!, prefix), createRedisEventBus(redisUrl!, prefix)];
    const { store, invalidation, put } = cacheOn(subscriber);
    await expect.poll(() => invalidation.live()).toBe(true);
    put('btc-today', { catalog: false, candles: [{ symbol: 'BTC', from: t0, to: t0 + day }] });
    await publisher.publish(barClosedChannel, { symbol: 'BTC', ts: iso(t0 + 60_000), simulated: true });
    await expect.poll(() => store.get('btc-today')).toBeUndefined();
    await invalidation.close();
    await Promise.all([subscriber.close(), publisher.close()]);
  });
});
