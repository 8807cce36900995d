import { context, isSpanContextValid, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const tracer = trace.getTracer('@cryptograph/core/http');

/** How a server takes part in traces. */
export interface TraceContextOptions {
  /**
   * Requests that start a client operation's trace here (the gateway's GraphQL requests): the
   * sampler decides on a new trace unless the caller sent one. Other requests are traced only as
   * part of a sampled caller's trace (a subgraph request from the gateway).
   */
  readonly isEntry?: (request: FastifyRequest) => boolean;
}

/**
 * Takes part in traces without instrumenting node:http: each request of a sampled trace gets a
 * SERVER span (a child of the caller's W3C trace context, or a new trace at an entry) and runs its
 * hooks, handler and resolvers inside it; the gateway's subgraph fetches carry it on. Any other
 * request runs in the root context, where it costs no span (see SampledWorkContextManager).
 * WebSocket upgrades are not requests of an operation and get no span.
 */
export function useTraceContext(app: FastifyInstance, options: TraceContextOptions = {}): void {
  const serverSpans = new WeakMap<FastifyRequest, Span>();
  const end = (request: FastifyRequest, status: number) => {
    const span = serverSpans.get(request);
    if (!span) return;
    serverSpans.delete(request);
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  app.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (request.headers.upgrade !== undefined) return context.with(ROOT_CONTEXT, done);
    const incoming = propagation.extract(ROOT_CONTEXT, request.headers);
    const caller = trace.getSpanContext(incoming);
    const callerSampled = caller !== undefined && isSpanContextValid(caller) && (caller.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    if (!callerSampled && !options.isEntry?.(request)) return context.with(ROOT_CONTEXT, done);
    const route = request.routeOptions.url ?? request.url.split('?', 1)[0];
    const span = tracer.startSpan(
      `${request.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route } },
      incoming,
    );
    if (!span.isRecording()) return context.with(ROOT_CONTEXT, done);
    serverSpans.set(request, span);
    // The connection closed before the answer was complete (the client went away): 499, as proxies log it.
    reply.raw.once('close', () => end(request, reply.raw.writableFinished ? reply.statusCode : 499));
    context.with(trace.setSpan(incoming, span), done);
  });
}
