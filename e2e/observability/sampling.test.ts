// Scenario: under concurrent load with the default sampler, sampled operations are whole traces and unsampled ones leave no spans.
import { loadTelemetryEnv, startTelemetry } from '@cryptograph/otel';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '@cryptograph/app/testing';

const exporter = new InMemorySpanExporter();
// The default sampler (a time window of each second), with a larger share so that a short run samples some operations and not others.
startTelemetry({ env: loadTelemetryEnv({ OTEL_TRACES_SAMPLER_ARG: '0.3' }), serviceName: 'cryptograph', spanProcessors: [new SimpleSpanProcessor(exporter)] });
// Service modules only now, so that the instrumentations patch them as they load.
const { stackWithAdmin } = await import('../subscriptions/stack-with-admin.js');
const { sharedFetchAttribute } = await import('@cryptograph/gateway');

// Each client asks for a different page size: their predictions fetches differ, their users fetches (one owner) are identical and shared.
const modelsQuery = 'query ModelsWithOwners($first: Int) { models(first: $first) { edges { node { id name owner { username } } } } }';

describe('the default sampler under concurrent load', () => {
  let stack: TestStack;
  let token: string;

  beforeAll(async () => {
    ({ stack, adminToken: token } = await stackWithAdmin({ RATE_LIMIT_ENABLED: 'false' }));
    for (const symbol of ['BTC', 'ETH']) {
      const created = await stack.graphql(
        'mutation($input: CreateModelInput!) { createModel(input: $input) { id } }',
        { input: { name: `${symbol.toLowerCase()}-naive`, symbol, target: 'VOLATILITY', algorithm: 'NAIVE', interval: 'D1', horizon: 1 } },
        { token },
      );
      expect(created.body.errors).toBeUndefined();
    }
  }, 120_000);
  afterAll(() => stack?.stop());

  it('exports whole trees for the operations it samples and nothing for the others', async () => {
    exporter.reset();
    let operations = 0;
    const deadline = Date.now() + 3_000;
    // 8 clients in parallel for 3 s: sampled and unsampled operations interleave in every service.
    await Promise.all(
      Array.from({ length: 8 }, async (_, client) => {
        while (Date.now() < deadline) {
          const response = await stack.graphql(modelsQuery, { first: client + 2 }, { token });
          expect(response.body.errors).toBeUndefined();
          operations += 1;
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const byTrace = new Map<string, ReadableSpan[]>();
    for (const span of exporter.getFinishedSpans()) byTrace.set(span.spanContext().traceId, [...(byTrace.get(span.spanContext().traceId) ?? []), span]);
    const traces = [...byTrace.values()];
    const sampled = traces.filter((spans) => spans.some((span) => span.name === 'POST /graphql' && span.kind === SpanKind.SERVER && !span.parentSpanContext));
    // About 30 % of the operations, in windows: some sampled, most not.
    expect(sampled.length).toBeGreaterThan(0);
    expect(sampled.length).toBeLessThan(operations * 0.8);
    // Every exported span belongs to a sampled operation's trace: no fragments of unsampled ones.
    expect(sampled.length).toBe(traces.length);
    const all = sampled.flat();
    const serverUnder = (spanId: string) => all.some((span) => span.kind === SpanKind.SERVER && span.parentSpanContext?.spanId === spanId);
    for (const spans of sampled) {
      const ids = new Set(spans.map((span) => span.spanContext().spanId));
      // One root, and every other span's parent is in the same trace.
      expect(spans.filter((span) => !span.parentSpanContext || !ids.has(span.parentSpanContext.spanId))).toHaveLength(1);
      expect(spans.map((span) => span.name)).toEqual(expect.arrayContaining(['gateway.request', 'gateway.execute']));
      // Every fetch reaches a subgraph's SERVER span, or says it was answered by another operation's request (linking to it when that one is sampled).
      const fetches = spans.filter((span) => span.name === 'gateway.fetch');
      expect(fetches).toHaveLength(2);
      for (const fetch of fetches) {
        if (serverUnder(fetch.spanContext().spanId)) continue;
        expect(fetch.attributes[sharedFetchAttribute]).toBe(true);
        expect(fetch.links.every((link) => serverUnder(link.context.spanId))).toBe(true);
      }
    }
    const names = new Set(all.map((span) => span.name));
    expect(['Query.models', 'Query._entities'].filter((name) => names.has(name))).toEqual(['Query.models', 'Query._entities']);
  });
});
