import { describe, expect, it } from 'vitest';
import type { DeliveryPolicy } from './delivery-policy.js';
import { SubscriptionHub, type StreamSource, type Subscriber } from './subscription-hub.js';

/** A stream source fed by the test, resolving events after `delayMs`. */
function controlledSource(policy: DeliveryPolicy, delayMs = 0, resume?: StreamSource['resume']) {
  const state = { opened: 0, closed: 0, push: (_data: Record<string, unknown>) => {}, fail: (_message: string) => {}, interrupt: () => {}, restore: () => {} };
  const source: StreamSource = {
    policy,
    rootField: 'tick',
    formatErrors: (errors) => [...errors],
    execute: async (data) => {
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return { data };
    },
    ...(resume ? { resume } : {}),
    open: (sink) => {
      (source as unknown as { lastSink: typeof sink }).lastSink = sink;
      state.opened += 1;
      state.push = sink.next;
      state.fail = (message) => sink.error([{ message }]);
      state.interrupt = () => sink.interrupted(unavailable);
      state.restore = () => sink.restored();
      return () => {
        state.closed += 1;
      };
    },
  };
  return { source, state };
}

function recorder(): Subscriber & { payloads: string[]; errors: unknown[] } {
  const record = { payloads: [] as string[], errors: [] as unknown[] };
  return Object.assign(record, {
    next: (payload: Buffer) => record.payloads.push(payload.toString()),
    error: (errors: unknown) => record.errors.push(errors),
    complete: () => {},
  });
}

const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

const unavailable = [{ message: 'The tick service is unavailable.', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'ticks' } }];
const notice = JSON.stringify({ data: null, errors: unavailable });

describe('SubscriptionHub', () => {
  it('opens one upstream per key, resolves each event once and hands the same string to every subscriber', async () => {
    const hub = new SubscriptionHub(() => {});
    const { source, state } = controlledSource({ kind: 'lossless' });
    const [a, b] = [recorder(), recorder()];
    const stopA = hub.subscribe('k', () => source, a);
    const stopB = hub.subscribe('k', () => source, b);
    state.push({ tick: { n: 1 } });
    state.push({ tick: { n: 2 } });
    await settle();
    expect(state.opened).toBe(1);
    expect(a.payloads).toEqual(['{"data":{"tick":{"n":1}}}', '{"data":{"tick":{"n":2}}}']);
    expect(b.payloads).toEqual(a.payloads);
    expect(hub.stats()).toMatchObject({ streams: 1, subscribers: 2, eventsExecuted: 2, deliveries: 4 });
    stopA();
    expect(state.closed).toBe(0);
    stopB();
    expect(state.closed).toBe(1);
    expect(hub.stats().streams).toBe(0);
  });

  it('replaces queued events with newer ones of the same key on conflating streams', async () => {
    const hub = new SubscriptionHub(() => {});
    const { source, state } = controlledSource({ kind: 'conflate', keyField: 'symbol' }, 20);
    const subscriber = recorder();
    hub.subscribe('k', () => source, subscriber);
    for (let price = 1; price <= 5; price += 1) state.push({ tick: { symbol: 'BTC', price } });
    state.push({ tick: { symbol: 'ETH', price: 9 } });
    await settle(150);
    const prices = subscriber.payloads.map((payload) => JSON.parse(payload).data.tick);
    expect(prices[0]).toEqual({ symbol: 'BTC', price: 1 });
    expect(prices).toContainEqual({ symbol: 'BTC', price: 5 });
    expect(prices).toContainEqual({ symbol: 'ETH', price: 9 });
    expect(prices.length).toBeLessThan(6);
    expect(hub.stats().eventsConflated).toBe(6 - prices.length);
  });

  it('drops already delivered ids on resumable streams and advances the resume point', async () => {
    const hub = new SubscriptionHub(() => {});
    const advanced: bigint[] = [];
    const { source, state } = controlledSource({ kind: 'lossless' }, 0, {
      eventId: (data) => BigInt((data.tick as { id: string }).id),
      advance: (id) => advanced.push(id),
    });
    const subscriber = recorder();
    hub.subscribe('k', () => source, subscriber);
    for (const id of ['1', '2', '2', '1', '3']) state.push({ tick: { id } });
    await settle();
    expect(subscriber.payloads.map((payload) => JSON.parse(payload).data.tick.id)).toEqual(['1', '2', '3']);
    expect(advanced).toEqual([1n, 2n, 3n]);
    expect(hub.stats().duplicatesDropped).toBe(2);
  });

  it('ignores what an upstream reports after the stream was closed, closing it only once', async () => {
    const hub = new SubscriptionHub(() => {});
    const { source, state } = controlledSource({ kind: 'lossless' });
    const subscriber = recorder();
    const stop = hub.subscribe('k', () => source, subscriber);
    stop();
    const sink = (source as unknown as { lastSink: { next(data: Record<string, unknown>): void; complete(): void; error(errors: unknown[]): void } }).lastSink;
    sink.next({ tick: { n: 1 } });
    sink.complete();
    sink.error([{ message: 'late' }]);
    await settle();
    expect(state.closed).toBe(1);
    expect(subscriber.payloads).toEqual([]);
    expect(subscriber.errors).toEqual([]);
  });

  it('delivers the events still queued before completing when the upstream completes', async () => {
    const hub = new SubscriptionHub(() => {});
    const { source, state } = controlledSource({ kind: 'lossless' }, 20);
    let completed = false;
    const subscriber = Object.assign(recorder(), { complete: () => (completed = true) });
    hub.subscribe('k', () => source, subscriber);
    state.push({ tick: { n: 1 } });
    state.push({ tick: { n: 2 } });
    (source as unknown as { lastSink: { complete(): void } }).lastSink.complete();
    expect(completed).toBe(false);
    await settle(100);
    expect(subscriber.payloads.map((payload) => JSON.parse(payload).data.tick.n)).toEqual([1, 2]);
    expect(completed).toBe(true);
    expect(state.closed).toBe(1);
  });

  it('passes an upstream error to every subscriber and closes the stream', async () => {
    const hub = new SubscriptionHub(() => {});
    const { source, state } = controlledSource({ kind: 'lossless' });
    const [a, b] = [recorder(), recorder()];
    hub.subscribe('k', () => source, a);
    hub.subscribe('k', () => source, b);
    state.fail('boom');
    expect(a.errors).toEqual([[{ message: 'boom' }]]);
    expect(b.errors).toEqual(a.errors);
    expect(state.closed).toBe(1);
    expect(hub.stats().streams).toBe(0);
  });

  it('tells subscribers once per outage, after the events already queued, and keeps them attached for the events after it', async () => {
    const hub = new SubscriptionHub(() => {});
    const { source, state } = controlledSource({ kind: 'lossless' }, 10);
    const [a, b] = [recorder(), recorder()];
    hub.subscribe('k', () => source, a);
    hub.subscribe('k', () => source, b);
    state.push({ tick: { n: 1 } });
    state.interrupt();
    state.interrupt();
    await settle(60);
    expect(a.payloads).toEqual(['{"data":{"tick":{"n":1}}}', notice]);
    const late = recorder();
    hub.subscribe('k', () => source, late);
    expect(late.payloads).toEqual([notice]);
    state.restore();
    state.push({ tick: { n: 2 } });
    await settle(60);
    const after = recorder();
    hub.subscribe('k', () => source, after);
    expect(after.payloads).toEqual([]);
    expect(a.payloads).toEqual(['{"data":{"tick":{"n":1}}}', notice, '{"data":{"tick":{"n":2}}}']);
    expect(b.payloads).toEqual(a.payloads);
    expect(late.payloads).toEqual([notice, '{"data":{"tick":{"n":2}}}']);
    expect([a.errors, b.errors]).toEqual([[], []]);
    expect(hub.stats()).toMatchObject({ streams: 1, upstreamOpened: 1, upstreamInterruptions: 1 });
    state.interrupt();
    await settle();
    expect(a.payloads.at(-1)).toBe(notice);
    expect(hub.stats().upstreamInterruptions).toBe(2);
  });

  it('tells a subscriber whose upstream fails while it is being opened', () => {
    const hub = new SubscriptionHub(() => {});
    const subscriber = recorder();
    const closed: string[] = [];
    const failing: StreamSource = {
      policy: { kind: 'lossless' },
      rootField: 'tick',
      formatErrors: (errors) => [...errors],
      execute: async (data) => ({ data }),
      open: (sink) => {
        sink.error([{ message: 'no URL' }]);
        return () => closed.push('closed');
      },
    };
    hub.subscribe('k', () => failing, subscriber);
    expect(subscriber.errors).toEqual([[{ message: 'no URL' }]]);
    expect(closed).toEqual(['closed']);
    expect(hub.stats().streams).toBe(0);
  });
});
