import { context, createContextKey, isSpanContextValid, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Context, type Span, type SpanContext } from '@opentelemetry/api';
import { suppressTracing } from '@cryptograph/otel';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const tracer = trace.getTracer('@cryptograph/core/http');

/** Where an unsampled request keeps its trace's ids, so that outgoing requests still carry the decision. */
const unsampledTraceKey = createContextKey('cryptograph.unsampled-trace');

const isSampled = (spanContext: SpanContext) => (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;

/**
 * The context of work that belongs to an unsampled trace: tracing is suppressed (no span is made,
 * not even a non-recording one, and the Postgres and Redis instrumentations, which need a parent
 * span, do nothing), and the trace's ids stay at hand for `outgoingTraceContext`.
 */
function unsampledContext(spanContext: SpanContext): Context {
  return suppressTracing(ROOT_CONTEXT).setValue(unsampledTraceKey, spanContext);
}

/**
 * The context to inject into an outgoing request: the active one, or inside an unsampled trace
 * its ids with the unsampled flag, so the callee honours the decision instead of sampling anew.
 */
export function outgoingTraceContext(): Context {
  const active = context.active();
  const spanContext = trace.getSpanContext(active);
  if (spanContext && isSpanContextValid(spanContext)) return active;
  const unsampled = active.getValue(unsampledTraceKey) as SpanContext | undefined;
  return unsampled ? trace.setSpanContext(ROOT_CONTEXT, unsampled) : active;
}

/** How a server takes part in traces. */
export interface TraceContextOptions {
  /**
   * Requests that start a client operation's trace here (the gateway's GraphQL requests): each
   * gets a SERVER span, a child of the caller's trace context if it sent one, else a new trace
   * the sampler decides on.
   */
  readonly isEntry?: (request: FastifyRequest) => boolean;
}

/**
 * Continues the caller's trace without instrumenting node:http: takes the W3C trace context from
 * each request's headers and runs the rest of the request (hooks, handler, resolvers) inside it.
 * A request of an unsampled trace runs with tracing suppressed, so it costs no span at all; its
 * subgraph fetches still carry the trace's ids (`outgoingTraceContext`).
 */
export function useTraceContext(app: FastifyInstance, options: TraceContextOptions = {}): void {
  const entrySpans = new WeakMap<FastifyRequest, Span>();
  if (options.isEntry) {
    const end = (request: FastifyRequest, status: number) => {
      const span = entrySpans.get(request);
      if (!span) return;
      entrySpans.delete(request);
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    app.addHook('onResponse', (request, reply, done) => {
      end(request, reply.statusCode);
      done();
    });
    // The client went away before the answer: 499, as proxies log it.
    app.addHook('onRequestAbort', (request, done) => {
      end(request, 499);
      done();
    });
  }
  app.addHook('onRequest', (request, _reply, done) => {
    const incoming = propagation.extract(ROOT_CONTEXT, request.headers);
    if (options.isEntry?.(request)) {
      const route = request.routeOptions.url ?? request.url.split('?', 1)[0];
      const span = tracer.startSpan(`${request.method} ${route}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route } }, incoming);
      if (!span.isRecording()) return context.with(unsampledContext(span.spanContext()), done);
      entrySpans.set(request, span);
      return context.with(trace.setSpan(incoming, span), done);
    }
    const caller = trace.getSpanContext(incoming);
    if (caller && isSpanContextValid(caller) && !isSampled(caller)) return context.with(unsampledContext(caller), done);
    context.with(incoming, done);
  });
}
