import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, trace, TraceFlags, type Context, type ContextManager } from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing, unsuppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

const isSampled = (context: Context): boolean => {
  const spanContext = trace.getSpanContext(context);
  return spanContext !== undefined && (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
};

/**
 * A context manager that carries contexts across `await` only for sampled work. On Node 20,
 * AsyncLocalStorage runs promise hooks on every promise of the process while any store is in use;
 * that is most of what tracing costs, and unsampled work has nothing to carry. So:
 *
 * - a context holding a sampled span (and anything nested in one) runs in AsyncLocalStorage, which
 *   follows every continuation;
 * - any other context is active only while its callback runs synchronously; after an `await`, such
 *   work sees the idle context: the root context with tracing suppressed, where a span costs nothing
 *   and the Postgres and Redis instrumentations, which need a parent span, do nothing. So a span
 *   that may start a trace (an entry span: a request's SERVER span, a job's or an event's CONSUMER
 *   span) is started from ROOT_CONTEXT explicitly, never from the active context;
 * - once no sampled span is open in the process (`tracker` counts them) and no sampled callback is
 *   still running, the storage is disabled, and the promise hooks with it, until sampled work
 *   starts again.
 *
 * Our own on purpose, instead of @opentelemetry/context-async-hooks' AsyncLocalStorageContextManager:
 * with that one, tracing cost about 15 % of the requests per second in `bench/tracing.bench.ts`;
 * with this one, a few %, within the noise (the steps and figures are in bench/README.md, "tracing").
 */
export class SampledWorkContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  /** Contexts entered synchronously, innermost last; always empty when a continuation starts. */
  private readonly entered: Context[] = [];
  private openSampledSpans = 0;
  /** Callbacks run in sampled contexts that have not returned, or whose promise has not settled. */
  private runningSampledCallbacks = 0;
  private readonly idle = suppressTracing(ROOT_CONTEXT);

  /** Counts open sampled spans; add it to the tracer provider's span processors. */
  readonly tracker: SpanProcessor = {
    onStart: (span: Span) => {
      if (span.spanContext().traceFlags & TraceFlags.SAMPLED) this.openSampledSpans += 1;
    },
    onEnd: (span: ReadableSpan) => {
      if (!(span.spanContext().traceFlags & TraceFlags.SAMPLED)) return;
      this.openSampledSpans -= 1;
      this.releaseWhenIdle();
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };

  private releaseWhenIdle(): void {
    if (this.openSampledSpans === 0 && this.runningSampledCallbacks === 0) this.storage.disable();
  }

  active(): Context {
    return this.entered.at(-1) ?? this.storage.getStore() ?? this.idle;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    const sampled = isSampled(context);
    // Inside sampled work every nested context must be carried too, or its continuations would
    // see the enclosing sampled one.
    if (!sampled && this.storage.getStore() === undefined) {
      this.entered.push(context);
      try {
        return fn.apply(thisArg, args);
      } finally {
        this.entered.pop();
      }
    }
    // A sampled span is meant to be traced, even when it was put in the idle context.
    const carried = sampled && isTracingSuppressed(context) ? unsuppressTracing(context) : context;
    this.entered.push(carried);
    this.runningSampledCallbacks += 1;
    let result: ReturnType<F> | undefined;
    try {
      result = this.storage.run(carried, () => fn.apply(thisArg, args));
      return result;
    } finally {
      this.entered.pop();
      const settled = () => {
        this.runningSampledCallbacks -= 1;
        this.releaseWhenIdle();
      };
      if (result instanceof Promise) result.then(settled, settled);
      else settled();
    }
  }

  /** Binds functions (what the pg and ioredis instrumentations bind); other targets are returned as they are. */
  bind<T>(context: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const runInContext = (fn: () => unknown) => this.with(context, fn);
    const bound = function (this: unknown, ...args: unknown[]) {
      return runInContext(() => (target as (...inner: unknown[]) => unknown).apply(this, args));
    };
    return bound as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    this.entered.length = 0;
    this.openSampledSpans = 0;
    this.runningSampledCallbacks = 0;
    return this;
  }
}
