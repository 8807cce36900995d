import { loadTelemetryEnv, parentBasedSampler, startTelemetry } from '@cryptograph/otel';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SamplingDecision, SimpleSpanProcessor, type Sampler } from '@opentelemetry/sdk-trace-base';
import Fastify, { type FastifyInstance } from 'fastify';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTraceContext } from './trace-context.js';

/** Decides on new traces as the test says, recording which spans it was asked about. */
const roots = { sample: false, asked: [] as string[] };
const scriptedRoot: Sampler = {
  shouldSample: (_context, _traceId, name) => {
    roots.asked.push(name);
    return { decision: roots.sample ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD };
  },
  toString: () => 'scripted',
};
const exporter = new InMemorySpanExporter();
const tracer = trace.getTracer('trace-context-test');
const traceId = '0af7651916cd43dd8448eb211c80319c';
const callerSpanId = 'b7ad6b7169203331';

/** What a handler sees of its trace after an await, and the trace context it would send on. */
async function observe() {
  await new Promise((resolve) => setImmediate(resolve));
  const child = tracer.startSpan('work');
  const childRecording = child.isRecording();
  child.end();
  const sent: Record<string, string> = {};
  propagation.inject(context.active(), sent);
  const active = trace.getActiveSpan();
  return { childRecording, activeSpan: active?.spanContext().spanId ?? null, traceparent: sent.traceparent ?? null };
}

async function finishedSpans(count: number) {
  for (let attempt = 0; attempt < 100 && exporter.getFinishedSpans().length < count; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  return exporter.getFinishedSpans();
}

describe('useTraceContext', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    startTelemetry({
      env: loadTelemetryEnv({}),
      serviceName: 'trace-context-test',
      sampler: parentBasedSampler(scriptedRoot),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    app = Fastify({ forceCloseConnections: true });
    useTraceContext(app, { isEntry: (request) => request.routeOptions.url === '/graphql' });
    app.post('/graphql', observe);
    app.post('/subgraph', observe);
    // Starts answering, and finishes after the client has gone away.
    app.post('/slow', async (_request, reply) => {
      const body = new PassThrough();
      body.write('{"partial":');
      setTimeout(() => body.end('true}'), 300);
      return reply.type('application/json').send(body);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app?.close());
  beforeEach(() => {
    exporter.reset();
    roots.asked = [];
  });

  it('starts an entry request of a sampled trace in a SERVER span that its work, across awaits, runs in', async () => {
    roots.sample = true;
    const seen = (await app.inject({ method: 'POST', url: '/graphql' })).json();
    const [work, server] = await finishedSpans(2);
    expect(server).toMatchObject({ name: 'POST /graphql', kind: SpanKind.SERVER, attributes: { 'http.response.status_code': 200 } });
    expect(work!.parentSpanContext?.spanId).toBe(server!.spanContext().spanId);
    expect(seen).toEqual({
      childRecording: true,
      activeSpan: server!.spanContext().spanId,
      traceparent: `00-${server!.spanContext().traceId}-${server!.spanContext().spanId}-01`,
    });
  });

  it('asks the sampler once for an entry request it does not sample; its later spans start no trace', async () => {
    roots.sample = false;
    const seen = (await app.inject({ method: 'POST', url: '/graphql' })).json();
    expect(roots.asked).toEqual(['POST /graphql']);
    expect(seen).toEqual({ childRecording: false, activeSpan: null, traceparent: null });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it("continues a caller's sampled trace in a SERVER span", async () => {
    const seen = (await app.inject({ method: 'POST', url: '/subgraph', headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } })).json();
    const [work, server] = await finishedSpans(2);
    expect(server).toMatchObject({ name: 'POST /subgraph', kind: SpanKind.SERVER });
    expect(server!.parentSpanContext?.spanId).toBe(callerSpanId);
    expect(work!.parentSpanContext?.spanId).toBe(server!.spanContext().spanId);
    expect(seen.activeSpan).toBe(server!.spanContext().spanId);
    expect(roots.asked).toEqual([]);
  });

  it("does not trace a request whose caller's trace is unsampled, nor one without a caller's trace", async () => {
    roots.sample = true;
    for (const headers of [{ traceparent: `00-${traceId}-${callerSpanId}-00` }, {}]) {
      const seen = (await app.inject({ method: 'POST', url: '/subgraph', headers })).json();
      expect(seen).toEqual({ childRecording: false, activeSpan: null, traceparent: null });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(roots.asked).toEqual([]);
  });

  it('ends the SERVER span of a request whose client went away while it answered (499)', async () => {
    const address = app.server.address() as { port: number };
    const aborted = new AbortController();
    const response = await fetch(`http://127.0.0.1:${address.port}/slow`, {
      method: 'POST',
      headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
      signal: aborted.signal,
    });
    expect(response.status).toBe(200);
    aborted.abort();
    const [server] = await finishedSpans(1);
    expect(server).toMatchObject({ name: 'POST /slow', kind: SpanKind.SERVER, attributes: { 'http.response.status_code': 499 } });
  });

  it('keeps concurrent sampled and unsampled requests apart', async () => {
    const [sampled, unsampled] = await Promise.all([
      app.inject({ method: 'POST', url: '/subgraph', headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } }),
      app.inject({ method: 'POST', url: '/subgraph', headers: { traceparent: `00-${'1'.repeat(32)}-${callerSpanId}-00` } }),
    ]);
    expect(sampled.json().traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(unsampled.json()).toEqual({ childRecording: false, activeSpan: null, traceparent: null });
  });
});
