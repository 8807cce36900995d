import { describe, expect, it } from 'vitest';
import type { FollowUpCharge } from '../../limits/usage-budgets.js';
import type { EventSink, StreamOutcome } from '../operation-outcome.js';
import { payPerEvent } from './pay-per-event.js';

/** A stream the test feeds, and a budget the test answers by hand (one charge at a time). */
function setup(budget: number) {
  let upstream: EventSink | undefined;
  let stopped = 0;
  const outcome: StreamOutcome = {
    kind: 'stream',
    start: (sink) => {
      upstream = sink;
      return () => (stopped += 1);
    },
  };
  const charges: { events: number; answer: (charge: FollowUpCharge) => void }[] = [];
  let left = budget;
  const paid = payPerEvent(outcome, {
    charge: (events) =>
      new Promise((resolve) => {
        charges.push({ events, answer: resolve });
      }),
    exhausted: (retryAfter) => ({ message: 'spent', extensions: { code: 'RATE_LIMITED', retryAfter } }),
    onUnexpected: (error) => {
      throw error;
    },
  });
  const received: string[] = [];
  const stop = paid.start({
    next: (payload) => received.push(payload.toString()),
    error: (errors) => received.push(`error ${String(errors[0]!.extensions?.code)}`),
    complete: () => received.push('complete'),
  });
  const settle = async () => {
    const charge = charges.shift()!;
    const allowed = charge.events <= left;
    if (allowed) left -= charge.events;
    charge.answer({ allowed, retryAfter: allowed ? 0 : 30 });
    await new Promise((resolve) => setImmediate(resolve));
    return charge.events;
  };
  return { upstream: () => upstream!, stopped: () => stopped, received, charges, settle, stop };
}

describe('payPerEvent', () => {
  it('delivers an event only once it is paid, in order, charging what waited meanwhile in one charge', async () => {
    const stream = setup(10);
    stream.upstream().next(Buffer.from('1'), null);
    stream.upstream().next(Buffer.from('2'), null);
    stream.upstream().next(Buffer.from('3'), null);
    expect(stream.received).toEqual([]);
    expect(await stream.settle()).toBe(1);
    expect(stream.received).toEqual(['1']);
    expect(await stream.settle()).toBe(2);
    expect(stream.received).toEqual(['1', '2', '3']);
  });

  it('conflates waiting events with the same key, so only the newest is paid for and delivered', async () => {
    const stream = setup(10);
    stream.upstream().next(Buffer.from('BTC 1'), 'BTC');
    stream.upstream().next(Buffer.from('BTC 2'), 'BTC');
    stream.upstream().next(Buffer.from('BTC 3'), 'BTC');
    await stream.settle();
    expect(await stream.settle()).toBe(1);
    expect(stream.received).toEqual(['BTC 1', 'BTC 3']);
  });

  it('ends the stream with RATE_LIMITED and stops the upstream once the budget is spent', async () => {
    const stream = setup(2);
    stream.upstream().next(Buffer.from('1'), null);
    await stream.settle();
    stream.upstream().next(Buffer.from('2'), null);
    stream.upstream().next(Buffer.from('3'), null);
    await stream.settle();
    expect(stream.received).toEqual(['1', '2']);
    await stream.settle();
    expect(stream.received).toEqual(['1', '2', 'error RATE_LIMITED']);
    expect(stream.stopped()).toBe(1);
    stream.upstream().next(Buffer.from('4'), null);
    expect(stream.charges).toHaveLength(0);
  });

  it('passes the end of the upstream on after the events before it are paid', async () => {
    const stream = setup(10);
    stream.upstream().next(Buffer.from('1'), null);
    stream.upstream().complete();
    expect(stream.received).toEqual([]);
    await stream.settle();
    expect(stream.received).toEqual(['1', 'complete']);
  });
});
