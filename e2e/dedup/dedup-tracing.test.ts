// Scenario: every caller of a deduplicated query is traced: each has its own server span; the callers answered by
// another one's execution say so and link to the span of the caller whose trace holds that execution.
import { loadTelemetryEnv, startTelemetry } from '@cryptograph/otel';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../support/accounts.js';
import type { CustomGateway } from '../support/custom-gateway.js';
import type { TestStack } from '../support/stack.js';
import type { DelayingProxy } from './delaying-proxy.js';

const exporter = new InMemorySpanExporter();
// Every operation sampled, so every caller's trace is complete.
startTelemetry({
  env: loadTelemetryEnv({ OTEL_TRACES_SAMPLER: 'always_on' }),
  serviceName: 'cryptograph',
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
// Service modules only now, so that the instrumentations patch them as they load.
const { startPlainStack } = await import('../support/stack.js');
const { signUp } = await import('../support/accounts.js');
const { startCustomGateway } = await import('../support/custom-gateway.js');
const { startDelayingProxy } = await import('./delaying-proxy.js');
const { sharedOperationAttribute } = await import('@cryptograph/gateway');

let stack: TestStack;
let users: DelayingProxy;
let gateway: CustomGateway;
let viewer: Account;

beforeAll(async () => {
  stack = await startPlainStack({ RATE_LIMIT_ENABLED: 'false' });
  users = await startDelayingProxy(stack.subgraphUrls.users!, 400);
  gateway = await startCustomGateway(stack, { users: users.url });
  viewer = await signUp(stack, 'traced_viewer');
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await users?.close();
  await stack?.stop();
});

describe('tracing of deduplicated operations', () => {
  it('gives each caller its own trace; the shared ones link to the one that executed', async () => {
    const query = 'query TracedMe { me { id username } }';
    // Warm the gateway's caches of this caller's session, so the four requests below overlap in execution.
    await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.accessToken}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    exporter.reset();
    const answers = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const response = await fetch(`${gateway.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.accessToken}` },
          body: JSON.stringify({ query }),
        });
        return (await response.json()) as { data: { me: { id: string } } };
      }),
    );
    for (const answer of answers) expect(answer.data.me.id).toBe(viewer.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const spans = exporter.getFinishedSpans();
    // The four requests' server spans: the roots (the subgraphs' server spans are children of the gateway's fetches).
    const servers = spans.filter((span) => span.kind === SpanKind.SERVER && span.name === 'POST /graphql' && !span.parentSpanContext);
    expect(servers).toHaveLength(4);
    const inTrace = (root: ReadableSpan) => spans.filter((span) => span.spanContext().traceId === root.spanContext().traceId);
    const executed = servers.filter((server) => inTrace(server).some((span) => span.name === 'gateway.execute'));
    const shared = servers.filter((server) => server.attributes[sharedOperationAttribute] === true);
    expect(executed).toHaveLength(1);
    expect(shared).toHaveLength(3);
    const leader = executed[0]!;
    expect(leader.attributes[sharedOperationAttribute]).toBeUndefined();
    for (const follower of shared) {
      // Its own trace, with no execution of its own, and a link to the executing caller's span.
      expect(follower.spanContext().traceId).not.toBe(leader.spanContext().traceId);
      expect(inTrace(follower).some((span) => span.name === 'gateway.execute')).toBe(false);
      expect(follower.links.map((link) => link.context.spanId)).toEqual([leader.spanContext().spanId]);
    }
  });
});
