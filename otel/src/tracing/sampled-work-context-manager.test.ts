import { ROOT_CONTEXT, trace, TraceFlags, type Context } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { SampledWorkContextManager } from './sampled-work-context-manager.js';

const spanContext = (sampled: boolean, spanId: string) => ({
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId,
  traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
});
const contextWith = (sampled: boolean, spanId: string): Context => trace.setSpanContext(ROOT_CONTEXT, spanContext(sampled, spanId));
/** A span as the SDK hands it to span processors (only what the tracker reads). */
const spanLike = (sampled: boolean) => ({ spanContext: () => spanContext(sampled, 'aaaaaaaaaaaaaaaa') }) as never;
const tick = () => new Promise((resolve) => setImmediate(resolve));
const activeSpanId = (manager: SampledWorkContextManager) => trace.getSpanContext(manager.active())?.spanId ?? null;

describe('SampledWorkContextManager', () => {
  it('carries a sampled context across awaits, and an unsampled one only while its callback runs synchronously', async () => {
    const manager = new SampledWorkContextManager();
    const sampled = contextWith(true, '1111111111111111');
    const unsampled = contextWith(false, '2222222222222222');
    manager.tracker.onStart(spanLike(true), sampled);
    const seen = await Promise.all([
      manager.with(sampled, async () => {
        const before = activeSpanId(manager);
        await tick();
        return [before, activeSpanId(manager)];
      }),
      manager.with(unsampled, async () => {
        const before = activeSpanId(manager);
        await tick();
        return [before, activeSpanId(manager)];
      }),
    ]);
    expect(seen).toEqual([
      ['1111111111111111', '1111111111111111'],
      ['2222222222222222', null],
    ]);
    expect(activeSpanId(manager)).toBeNull();
  });

  it('carries any context nested in sampled work, so continuations never see an outer one', async () => {
    const manager = new SampledWorkContextManager();
    manager.tracker.onStart(spanLike(true), ROOT_CONTEXT);
    const seen = await manager.with(contextWith(true, '1111111111111111'), () =>
      manager.with(contextWith(false, '3333333333333333'), async () => {
        await tick();
        return activeSpanId(manager);
      }),
    );
    expect(seen).toBe('3333333333333333');
  });

  it('stops following continuations once no sampled span is open and no sampled callback runs', async () => {
    const manager = new SampledWorkContextManager();
    manager.tracker.onStart(spanLike(true), ROOT_CONTEXT);
    manager.tracker.onStart(spanLike(false), ROOT_CONTEXT);
    let detached: Promise<(string | null)[]> | undefined;
    await manager.with(contextWith(true, '1111111111111111'), async () => {
      // Work the callback does not wait for: it outlives the callback.
      detached = (async () => {
        await tick();
        const beforeEnd = activeSpanId(manager);
        manager.tracker.onEnd(spanLike(false));
        await tick();
        const afterUnsampledEnd = activeSpanId(manager);
        manager.tracker.onEnd(spanLike(true));
        await tick();
        return [beforeEnd, afterUnsampledEnd, activeSpanId(manager)];
      })();
    });
    expect(await detached).toEqual(['1111111111111111', '1111111111111111', null]);
  });

  it('keeps carrying a sampled callback that is still running after its spans ended', async () => {
    const manager = new SampledWorkContextManager();
    manager.tracker.onStart(spanLike(true), ROOT_CONTEXT);
    const seen = await manager.with(contextWith(true, '1111111111111111'), async () => {
      manager.tracker.onEnd(spanLike(true));
      await tick();
      return activeSpanId(manager);
    });
    expect(seen).toBe('1111111111111111');
    await tick();
    expect(activeSpanId(manager)).toBeNull();
  });

  it('suppresses tracing outside sampled work, so only spans started from ROOT_CONTEXT may begin a trace', async () => {
    const manager = new SampledWorkContextManager();
    expect(isTracingSuppressed(manager.active())).toBe(true);
    const seen = await manager.with(contextWith(false, '2222222222222222'), async () => {
      const during = isTracingSuppressed(manager.active());
      await tick();
      return [during, isTracingSuppressed(manager.active())];
    });
    expect(seen).toEqual([false, true]);
  });

  it('binds functions to a context', async () => {
    const manager = new SampledWorkContextManager();
    const bound = manager.bind(contextWith(false, '4444444444444444'), () => activeSpanId(manager));
    expect(bound()).toBe('4444444444444444');
    expect(activeSpanId(manager)).toBeNull();
  });
});
