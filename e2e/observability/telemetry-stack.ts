// Observability support: telemetry started with an in-memory exporter before the stack's modules load.
import { loadTelemetryEnv, startTelemetry } from '@cryptograph/otel';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Spans every service of the test process ended. */
export const exporter = new InMemorySpanExporter();

// Before any service module is imported: instrumentations patch modules as they load.
startTelemetry({
  env: loadTelemetryEnv({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' }),
  serviceName: 'cryptograph',
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});

/** The stack helpers, imported only now that telemetry runs. */
export const { stackWithAdmin, publishTick } = await import('../subscriptions/stack-with-admin.js');
export const { collect, graphqlWsClient, graphqlWsUrl, waitFor } = await import('@cryptograph/testing');

/** GETs a service's `/metrics` text (from its GraphQL URL or base URL). */
export async function scrape(url: string): Promise<string> {
  const response = await fetch(new URL('/metrics', url));
  if (response.status !== 200) throw new Error(`GET ${url} /metrics answered ${response.status}`);
  return response.text();
}

/** The value of one series in a Prometheus text exposition (sum over series matching every given label), or 0. */
export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** The chain of ancestors of `span` (itself first) among `spans`. */
export function ancestorsOf(span: ReadableSpan, spans: readonly ReadableSpan[]): ReadableSpan[] {
  const byId = new Map(spans.map((item) => [item.spanContext().spanId, item]));
  const chain = [span];
  let current: ReadableSpan | undefined = span;
  while ((current = current.parentSpanContext ? byId.get(current.parentSpanContext.spanId) : undefined)) chain.push(current);
  return chain;
}
