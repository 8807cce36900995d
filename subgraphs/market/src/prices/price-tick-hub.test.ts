import { createLogger, createMemoryEventBus, priceTickChannel, type EventBus } from '@cryptograph/core';
import { describe, expect, it } from 'vitest';
import { createPriceTickHub } from './price-tick-hub.js';

/** An in-process bus that counts subscriptions per channel. */
function countingBus(): EventBus & { subscriptions: number; active: number } {
  const bus = createMemoryEventBus();
  const counting = {
    subscriptions: 0,
    active: 0,
    publish: bus.publish,
    close: bus.close,
    async subscribe(channel: string, handler: (message: unknown) => void) {
      counting.subscriptions += 1;
      counting.active += 1;
      const unsubscribe = await bus.subscribe(channel, handler);
      return async () => {
        counting.active -= 1;
        await unsubscribe();
      };
    },
  };
  return counting;
}

const tick = (symbol: string, price: number) => ({ symbol, price, ts: new Date(Date.UTC(2023, 11, 22, 0, price)).toISOString() });
const flush = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('price tick hub', () => {
  it('shares one bus subscription between all local subscribers and drops it with the last', async () => {
    const bus = countingBus();
    const hub = createPriceTickHub(bus, createLogger('hub-test', 'silent'));
    const btc = await hub.subscribe(new Set(['BTC']));
    const both = await hub.subscribe(new Set(['BTC', 'ETH']));
    expect(bus.subscriptions).toBe(1);
    await bus.publish(priceTickChannel, tick('ETH', 1));
    await bus.publish(priceTickChannel, tick('BTC', 2));
    await flush();
    expect((await btc.next()).value).toMatchObject({ symbol: 'BTC', price: 2 });
    expect((await both.next()).value).toMatchObject({ symbol: 'ETH', price: 1 });
    expect((await both.next()).value).toMatchObject({ symbol: 'BTC', price: 2 });
    await btc.return!();
    expect(bus.active).toBe(1);
    await both.return!();
    await flush();
    expect(bus.active).toBe(0);
  });

  it('conflates a slow subscriber to the newest tick per symbol and ignores malformed events', async () => {
    const bus = countingBus();
    const hub = createPriceTickHub(bus, createLogger('hub-test', 'silent'));
    const slow = await hub.subscribe(new Set(['BTC', 'ETH']));
    for (let price = 1; price <= 100; price += 1) await bus.publish(priceTickChannel, tick('BTC', price));
    await bus.publish(priceTickChannel, { symbol: 'ETH', price: 'not a number', ts: 'x' });
    await bus.publish(priceTickChannel, tick('ETH', 7));
    await flush();
    expect((await slow.next()).value).toMatchObject({ symbol: 'BTC', price: 100 });
    expect((await slow.next()).value).toMatchObject({ symbol: 'ETH', price: 7 });
    const pending = slow.next();
    await hub.close();
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
