import { loadTelemetryEnv, resolverMetrics, startTelemetry } from '@cryptograph/otel';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolverTracing } from './resolver-tracing.js';

const exporter = new InMemorySpanExporter();
const typeDefs = /* GraphQL */ `
  type Query {
    things: [Thing!]!
    pending: [Owner!]!
  }
  type Thing {
    id: ID!
    owner: Owner!
    details: String!
  }
  type Owner {
    id: ID!
  }
`;
const tick = () => new Promise((resolve) => setImmediate(resolve));
const resolvers = {
  Query: {
    things: async () => (await tick(), [{ id: '1' }, { id: '2' }, { id: '3' }]),
    // A list of pending items, as federation's `_entities` answers.
    pending: () => [tick().then(() => ({ id: 'p' }))],
  },
  // A mapping of the parent (no I/O) and a resolver that waits on I/O.
  Thing: {
    owner: (thing: { id: string }) => ({ id: `owner-${thing.id}` }),
    details: async (thing: { id: string }) => (await tick(), `details of ${thing.id}`),
  },
};

async function finishedSpans(count: number) {
  for (let attempt = 0; attempt < 100 && exporter.getFinishedSpans().length < count; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  return exporter.getFinishedSpans();
}

describe('resolverTracing', () => {
  beforeAll(() => {
    startTelemetry({
      env: loadTelemetryEnv({ OTEL_TRACES_SAMPLER: 'always_on' }),
      serviceName: 'resolver-tracing-test',
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
  });

  it('gives resolvers that do work a span under the request, counts synchronous mappings in their parent, and measures every call', async () => {
    const base = makeExecutableSchema({ typeDefs, resolvers });
    const schema = applyMiddleware(base, resolverTracing(base, 'tracing-test'));
    const tracer = trace.getTracer('test');
    const root = tracer.startSpan('request', {}, ROOT_CONTEXT);
    for (let run = 0; run < 2; run += 1) {
      const result = await context.with(trace.setSpan(ROOT_CONTEXT, root), () =>
        execute({ schema, document: parse('{ things { id owner { id } details } pending { id } }') }),
      );
      expect(result).toEqual({
        data: { things: ['1', '2', '3'].map((id) => ({ id, owner: { id: `owner-${id}` }, details: `details of ${id}` })), pending: [{ id: 'p' }] },
      });
    }
    root.end();
    const spans = await finishedSpans(1 + 2 + 6 + 1 + 2);
    const count = (name: string) => spans.filter((span) => span.name === name).length;
    expect({ things: count('Query.things'), details: count('Thing.details'), owner: count('Thing.owner'), pending: count('Query.pending') }).toEqual({
      things: 2,
      details: 6,
      owner: 1,
      pending: 2,
    });
    for (const span of spans.filter((item) => item.name !== 'request')) expect(span.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    const histogram = await resolverMetrics('tracing-test').duration.get();
    const calls = (field: string) =>
      histogram.values.find((value) => value.metricName === 'cryptograph_graphql_resolver_duration_seconds_count' && value.labels.field === field)?.value;
    expect({ things: calls('things'), details: calls('details'), owner: calls('owner') }).toEqual({ things: 2, details: 6, owner: 6 });
  });
});
