import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { samplerFromEnv } from './sampler.js';
import { TimeWindowSampler } from './time-window-sampler.js';

const traceId = '0af7651916cd43dd8448eb211c80319c';
const decide = (sampler: { shouldSample: (...args: never[]) => { decision: SamplingDecision } }, kind = SpanKind.SERVER, context = ROOT_CONTEXT) =>
  (sampler.shouldSample as (...args: unknown[]) => { decision: SamplingDecision })(context, traceId, 'span', kind, {}, []).decision ===
  SamplingDecision.RECORD_AND_SAMPLED;

describe('TimeWindowSampler', () => {
  it('samples exactly the traces that start inside a window of `ratio` of each period, placed at random', () => {
    let now = 0;
    const sampler = new TimeWindowSampler(
      0.1,
      1000,
      () => now,
      () => 0.5,
    );
    const sampledAt = (ms: number) => ((now = ms), decide(sampler));
    // Period 0: window [450, 550) ms; period 3: [3450, 3550).
    expect([449, 450, 549.9, 550, 999].map(sampledAt)).toEqual([false, true, true, false, false]);
    expect([3000, 3450, 3549, 3551].map(sampledAt)).toEqual([false, true, true, false]);
  });

  it('samples `ratio` of traces arriving at any time', () => {
    let now = 0;
    const sampler = new TimeWindowSampler(0.1, 1000, () => now);
    let sampled = 0;
    const arrivals = 200_000;
    for (let index = 0; index < arrivals; index += 1) {
      now += Math.random() * 2;
      if (decide(sampler)) sampled += 1;
    }
    expect(sampled / arrivals).toBeGreaterThan(0.09);
    expect(sampled / arrivals).toBeLessThan(0.11);
  });
});

describe('samplerFromEnv', () => {
  it('lets only SERVER and CONSUMER spans start a trace, and children follow their parent', () => {
    const sampler = samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_TRACES_SAMPLER_ARG: 1 });
    expect([SpanKind.SERVER, SpanKind.CONSUMER, SpanKind.INTERNAL, SpanKind.CLIENT, SpanKind.PRODUCER].map((kind) => decide(sampler, kind))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    const parent = (flags: TraceFlags) => trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: 'b7ad6b7169203331', traceFlags: flags, isRemote: true });
    expect(decide(sampler, SpanKind.INTERNAL, parent(TraceFlags.SAMPLED))).toBe(true);
    expect(decide(sampler, SpanKind.SERVER, parent(TraceFlags.NONE))).toBe(false);
  });

  it('defaults to the time-window sampler, 10 % of each second', () => {
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_time_window', OTEL_TRACES_SAMPLER_ARG: 0.1 }).toString()).toContain(
      'TimeWindowSampler{0.1 of each 1000 ms}',
    );
  });
});
