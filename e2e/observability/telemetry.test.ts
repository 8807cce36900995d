// Scenario: one client operation is one trace across gateway and subgraphs; each service's /metrics shows what the operation, a job and its events did.
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '@cryptograph/app/testing';
import { testEnvironment } from '@cryptograph/testing';
import { ancestorsOf, collect, exporter, graphqlWsClient, graphqlWsUrl, sampleValue, scrape, stackWithAdmin, waitFor } from './telemetry-stack.js';

const modelsQuery = 'query ModelsWithOwners { models(first: 5) { edges { node { id name owner { username } asset { symbol name } } } } }';

describe('observability of the whole stack', () => {
  let stack: TestStack;
  let token: string;
  let modelId: string;

  beforeAll(async () => {
    ({ stack, adminToken: token } = await stackWithAdmin({ MARKET_SEED_DATA: 'true' }));
    const created = await stack.graphql(
      'mutation { createModel(input: { name: "btc-naive", symbol: "BTC", target: VOLATILITY, algorithm: NAIVE, interval: D1, horizon: 1 }) { id } }',
      {},
      { token },
    );
    expect(created.body.errors).toBeUndefined();
    modelId = created.body.data.createModel.id;
  }, 120_000);
  afterAll(() => stack?.stop());

  it("traces a cross-subgraph query as one tree: the gateway's SERVER span, request, plan and fetches, and subgraph resolver spans", async () => {
    exporter.reset();
    const response = await stack.graphql(modelsQuery, {}, { token });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.models.edges[0].node).toMatchObject({ owner: { username: 'admin' }, asset: { symbol: 'BTC', name: 'Bitcoin' } });
    await waitFor(() => exporter.getFinishedSpans().some((span) => span.name === 'gateway.request'), 'the gateway request span');
    const spans = exporter.getFinishedSpans();
    const request = spans.find((span) => span.name === 'gateway.request')!;
    const trace = spans.filter((span) => span.spanContext().traceId === request.spanContext().traceId);
    const names = trace.map((span) => span.name);
    expect(names).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.fetch', 'Query.models', 'Query._entities']));
    // Resolver spans of each subgraph hang under a gateway fetch (the fetch's trace context travels in the subgraph request).
    const resolvers = trace.filter((span) => span.attributes['cryptograph.service'] !== undefined);
    expect(new Set(resolvers.map((span) => span.attributes['cryptograph.service']))).toEqual(new Set(['predictions', 'users', 'market']));
    for (const resolver of resolvers) {
      const chain = ancestorsOf(resolver, trace).map((span) => span.name);
      expect(chain).toContain('gateway.fetch');
      expect(chain.at(-1)).toBe(ancestorsOf(request, trace).at(-1)!.name);
    }
    // Postgres queries hang under the resolver that made them; pool checkouts make no spans.
    const queries = trace.filter((span) => span.name.startsWith('pg.query'));
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) expect(ancestorsOf(query, trace).some((span) => span.attributes['cryptograph.service'] !== undefined)).toBe(true);
    expect(names.filter((name) => name.includes('connect'))).toEqual([]);
    // One root for the whole operation: the gateway's HTTP request.
    const roots = trace.filter((span) => !span.parentSpanContext || !trace.some((other) => other.spanContext().spanId === span.parentSpanContext!.spanId));
    expect(roots.map((span) => [span.name, span.kind, span.attributes['http.response.status_code']])).toEqual([['POST /graphql', SpanKind.SERVER, 200]]);
  });

  it('serves the resolver histogram of the fields a query touched on each service, and operation metrics on the gateway', async () => {
    const [predictions, users, market, gateway] = await Promise.all([
      scrape(stack.subgraphUrls.predictions!),
      scrape(stack.subgraphUrls.users!),
      scrape(stack.subgraphUrls.market!),
      scrape(stack.gatewayUrl),
    ]);
    expect(
      sampleValue(predictions, 'cryptograph_graphql_resolver_duration_seconds_count', { service: 'predictions', type: 'Query', field: 'models' }),
    ).toBeGreaterThan(0);
    expect(sampleValue(users, 'cryptograph_graphql_resolver_duration_seconds_count', { service: 'users', type: 'Query', field: '_entities' })).toBeGreaterThan(
      0,
    );
    expect(
      sampleValue(market, 'cryptograph_graphql_resolver_duration_seconds_count', { service: 'market', type: 'Query', field: '_entities' }),
    ).toBeGreaterThan(0);
    // Each service reports only its own resolvers.
    expect(sampleValue(users, 'cryptograph_graphql_resolver_duration_seconds_count', { field: 'models' })).toBe(0);
    expect(sampleValue(gateway, 'cryptograph_graphql_operations_total', { operation: 'ModelsWithOwners', type: 'query', outcome: 'ok' })).toBeGreaterThan(0);
    expect(sampleValue(gateway, 'cryptograph_graphql_operation_duration_seconds_count', { operation: 'ModelsWithOwners' })).toBeGreaterThan(0);
    expect(gateway).toContain('nodejs_heap_size_used_bytes');
    expect(predictions).not.toContain('nodejs_heap_size_used_bytes');
    const unauthenticated = await stack.graphql('query { users { totalCount } }');
    expect(unauthenticated.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(sampleValue(await scrape(stack.gatewayUrl), 'cryptograph_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBeGreaterThan(0);
  });

  it.runIf(testEnvironment().real)(
    "reports the Postgres pool and the Redis connections of the event bus (the dashboards' infrastructure panels) on real servers",
    async () => {
      const metrics = await scrape(stack.gatewayUrl);
      expect(sampleValue(metrics, 'cryptograph_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
      expect(metrics).toMatch(/^cryptograph_db_pool_connections\{[^}]*state="waiting"[^}]*\} \d+$/m);
      expect(sampleValue(metrics, 'cryptograph_redis_up', { client: 'event-bus' })).toBe(1);
    },
  );

  it('moves job, event and subscription metrics when a job publishes events to subscribers, and links the traces', async () => {
    const before = { gateway: await scrape(stack.gatewayUrl), predictions: await scrape(stack.subgraphUrls.predictions!) };
    const client = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token });
    const predictions = collect(client, 'subscription { predictionCreated(symbols: ["BTC"]) { id model { name } } }');
    await waitFor(() => stack.subscriptionStats().streams >= 1, 'the upstream subscription');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = await scrape(stack.gatewayUrl);
    expect(sampleValue(during, 'cryptograph_subscriptions_active', { field: 'predictionCreated' })).toBe(1);
    expect(sampleValue(during, 'cryptograph_websocket_connections')).toBeGreaterThanOrEqual(1);

    const train = await stack.graphql(
      'mutation($id: ID!) { trainModel(modelId: $id, trainFrom: "2021-01-01T00:00:00Z", trainTo: "2023-01-01T00:00:00Z") { id } }',
      { id: modelId },
      { token },
    );
    expect(train.body.errors).toBeUndefined();
    const trained = train.body.data.trainModel.id;
    const jobDone = async () => (await stack.graphql('query($id: ID!) { job(id: $id) { status } }', { id: trained }, { token })).body.data.job.status;
    for (let i = 0; i < 300 && (await jobDone()) !== 'SUCCEEDED'; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const run = await stack.graphql('mutation($id: ID!) { runPredictions(modelId: $id) { id } }', { id: modelId }, { token });
    expect(run.body.errors).toBeUndefined();
    await waitFor(() => predictions.results.length >= 1, 'the prediction event', 30_000);

    const after = { gateway: await scrape(stack.gatewayUrl), predictions: await scrape(stack.subgraphUrls.predictions!) };
    const grew = (text: { before: string; after: string }, name: string, labels: Record<string, string> = {}) =>
      sampleValue(text.after, name, labels) - sampleValue(text.before, name, labels);
    const gw = { before: before.gateway, after: after.gateway };
    const pr = { before: before.predictions, after: after.predictions };
    expect(grew(pr, 'cryptograph_job_duration_seconds_count', { kind: 'TRAIN', outcome: 'ok' })).toBeGreaterThan(0);
    expect(grew(pr, 'cryptograph_job_duration_seconds_count', { kind: 'PREDICT', outcome: 'ok' })).toBeGreaterThan(0);
    expect(grew(gw, 'cryptograph_events_published_total', { channel: 'predictions.prediction-created' })).toBeGreaterThan(0);
    expect(grew(gw, 'cryptograph_event_bus_latency_seconds_count', { channel: 'predictions.prediction-created' })).toBeGreaterThan(0);
    expect(grew(gw, 'cryptograph_subscription_events_received_total')).toBeGreaterThan(0);
    expect(grew(gw, 'cryptograph_subscription_events_delivered_total')).toBeGreaterThan(0);
    expect(grew(gw, 'cryptograph_subscription_delivery_latency_seconds_count', { field: 'predictionCreated' })).toBeGreaterThan(0);

    // The PREDICT job's trace holds the publish span; the event's receipt is a new trace linked to it.
    const spans = exporter.getFinishedSpans();
    const publish = spans.find((span) => span.name === 'publish predictions.prediction-created')!;
    expect(publish).toBeDefined();
    expect(ancestorsOf(publish, spans).map((span) => span.name)).toContain('job PREDICT');
    const receive = spans.find(
      (span) => span.name === 'receive predictions.prediction-created' && span.links.some((link) => link.context.spanId === publish.spanContext().spanId),
    );
    expect(receive).toBeDefined();
    expect(receive!.spanContext().traceId).not.toBe(publish.spanContext().traceId);
    // The gateway's execution of the event for its subscribers is an entry span of its own, over its plan.
    const delivery = spans.find((span) => span.name === 'subscription event' && span.attributes['cryptograph.subgraph'] === 'predictions');
    expect(delivery?.kind).toBe(SpanKind.CONSUMER);
    expect(spans.filter((span) => span.spanContext().traceId === delivery!.spanContext().traceId).map((span) => span.name)).toContain('gateway.execute');

    predictions.stop();
    await client.dispose();
    await waitFor(() => stack.subscriptionStats().subscribers === 0, 'the subscription to end');
    expect(sampleValue(await scrape(stack.gatewayUrl), 'cryptograph_subscriptions_active', { field: 'predictionCreated' })).toBe(0);
  }, 120_000);
});
