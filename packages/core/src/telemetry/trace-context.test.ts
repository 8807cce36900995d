import { loadTelemetryEnv, startTelemetry } from '@cryptograph/otel';
import { propagation, SpanKind, trace, type Attributes, type Context, type Link } from '@opentelemetry/api';
import { InMemorySpanExporter, SamplingDecision, SimpleSpanProcessor, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace-base';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outgoingTraceContext, useTraceContext } from './trace-context.js';

/** A parent-based sampler whose root decision the test sets, counting every decision it is asked for. */
class ScriptedSampler implements Sampler {
  sampleRoots = false;
  decisions: string[] = [];
  shouldSample(parent: Context, _traceId: string, name: string, _kind: SpanKind, _attributes: Attributes, _links: Link[]): SamplingResult {
    this.decisions.push(name);
    const parentContext = trace.getSpanContext(parent);
    const sampled = parentContext ? (parentContext.traceFlags & 1) === 1 : this.sampleRoots;
    return { decision: sampled ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD };
  }
  toString() {
    return 'ScriptedSampler';
  }
}

const sampler = new ScriptedSampler();
const exporter = new InMemorySpanExporter();
const tracer = trace.getTracer('trace-context-test');
const traceId = '0af7651916cd43dd8448eb211c80319c';
const callerSpanId = 'b7ad6b7169203331';

/** What a handler sees of its trace context after an await, and the trace context it would send on. */
async function observe() {
  await new Promise((resolve) => setImmediate(resolve));
  const child = tracer.startSpan('work');
  const childRecording = child.isRecording();
  child.end();
  const headers: Record<string, string> = {};
  propagation.inject(outgoingTraceContext(), headers);
  return { childRecording, activeSpan: trace.getActiveSpan()?.spanContext().spanId ?? null, traceparent: headers.traceparent ?? null };
}

/** The finished spans once there are `count` of them (export waits for the SDK's resource detection). */
async function finishedSpans(count: number) {
  for (let attempt = 0; attempt < 100 && exporter.getFinishedSpans().length < count; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  return exporter.getFinishedSpans();
}

describe('useTraceContext', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    startTelemetry({ env: loadTelemetryEnv({}), serviceName: 'trace-context-test', sampler, spanProcessors: [new SimpleSpanProcessor(exporter)] });
    app = Fastify();
    useTraceContext(app, { isEntry: (request) => request.routeOptions.url === '/graphql' });
    app.post('/graphql', observe);
    app.post('/subgraph', observe);
    await app.ready();
  });
  afterAll(() => app?.close());
  beforeEach(() => {
    exporter.reset();
    sampler.decisions = [];
  });

  it('starts an entry request in a SERVER span when the sampler samples it, and sends that trace on', async () => {
    sampler.sampleRoots = true;
    const seen = (await app.inject({ method: 'POST', url: '/graphql' })).json();
    const [work, server] = await finishedSpans(2);
    expect(server).toMatchObject({ name: 'POST /graphql', kind: SpanKind.SERVER, attributes: { 'http.response.status_code': 200 } });
    expect(work!.parentSpanContext?.spanId).toBe(server!.spanContext().spanId);
    expect(seen).toEqual({ childRecording: true, activeSpan: server!.spanContext().spanId, traceparent: `00-${server!.spanContext().traceId}-${server!.spanContext().spanId}-01` });
  });

  it('makes one sampling decision for an unsampled entry request, then no span at all, and still sends its ids unsampled', async () => {
    sampler.sampleRoots = false;
    const seen = (await app.inject({ method: 'POST', url: '/graphql' })).json();
    expect(sampler.decisions).toEqual(['POST /graphql']);
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(seen.childRecording).toBe(false);
    expect(seen.activeSpan).toBeNull();
    expect(seen.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it("continues the caller's sampled trace", async () => {
    const seen = (await app.inject({ method: 'POST', url: '/subgraph', headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } })).json();
    expect(seen).toEqual({ childRecording: true, activeSpan: callerSpanId, traceparent: `00-${traceId}-${callerSpanId}-01` });
    expect((await finishedSpans(1)).map((span) => [span.name, span.spanContext().traceId, span.parentSpanContext?.spanId])).toEqual([['work', traceId, callerSpanId]]);
  });

  it("honours the caller's decision not to sample: no decision, no span, the caller's ids sent on", async () => {
    sampler.sampleRoots = true;
    const seen = (await app.inject({ method: 'POST', url: '/subgraph', headers: { traceparent: `00-${traceId}-${callerSpanId}-00` } })).json();
    expect(sampler.decisions).toEqual([]);
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(seen).toEqual({ childRecording: false, activeSpan: null, traceparent: `00-${traceId}-${callerSpanId}-00` });
  });

  it('keeps concurrent requests apart', async () => {
    const [sampled, unsampled] = await Promise.all([
      app.inject({ method: 'POST', url: '/subgraph', headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } }),
      app.inject({ method: 'POST', url: '/subgraph', headers: { traceparent: `00-${'1'.repeat(32)}-${callerSpanId}-00` } }),
    ]);
    expect(sampled.json().traceparent).toBe(`00-${traceId}-${callerSpanId}-01`);
    expect(unsampled.json().traceparent).toBe(`00-${'1'.repeat(32)}-${callerSpanId}-00`);
  });
});
