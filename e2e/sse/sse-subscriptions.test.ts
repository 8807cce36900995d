// Scenario: GraphQL over SSE (graphql-sse protocol) at /graphql/stream: subscriptions with fields of the market,
// predictions and users subgraphs in both modes, sharing upstream streams with WebSocket subscribers; queries and
// mutations; the raw protocol (reservation, EventSource-style GET, DELETE).
import { createClient, type Client, type ExecutionResult } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '@cryptograph/app/testing';
import { collect, graphqlWsClient, graphqlWsUrl, waitFor } from '@cryptograph/testing';
import { publishTick, stackWithAdmin } from '../subscriptions/stack-with-admin.js';

const crossSubgraph = `subscription Prices($symbols: [String!]!) {
  priceUpdated(symbols: $symbols) { symbol price asset { name models { name owner { username } } } }
}`;

/** Subscribes over an SSE client and collects what arrives. */
function subscribe(client: Client<boolean>, query: string, variables?: Record<string, unknown>) {
  const received = { results: [] as ExecutionResult[], errors: [] as unknown[], completed: false, stop: () => {} };
  received.stop = client.subscribe(
    { query, ...(variables ? { variables } : {}) },
    {
      next: (value) => void received.results.push(value as ExecutionResult),
      error: (error) => void received.errors.push(error),
      complete: () => void (received.completed = true),
    },
  );
  return received;
}

describe('GraphQL over SSE', () => {
  let stack: TestStack;
  let adminToken: string;
  let streamUrl: string;
  const clients: Client<boolean>[] = [];
  const sseClient = <Single extends boolean>(singleConnection: Single, token = adminToken): Client<Single> => {
    const client = createClient<Single>({ url: streamUrl, singleConnection, headers: { authorization: `Bearer ${token}` }, retryAttempts: 0 } as never);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    ({ stack, adminToken } = await stackWithAdmin());
    streamUrl = `${stack.gatewayUrl}/graphql/stream`;
    const created = await stack.graphql(
      'mutation { createModel(input: { name: "btc-vol", symbol: "BTC", target: VOLATILITY, algorithm: NAIVE, interval: D1, horizon: 1 }) { id } }',
      {},
      { token: adminToken },
    );
    expect(created.body.errors).toBeUndefined();
  });
  afterAll(async () => {
    for (const client of clients) client.dispose();
    await stack?.stop();
  });

  for (const mode of ['distinct', 'single'] as const) {
    it(`${mode} connections mode: a subscription resolves fields of the market, predictions and users subgraphs for every event`, async () => {
      const received = subscribe(sseClient(mode === 'single'), crossSubgraph, { symbols: ['BTC'] });
      await waitFor(() => stack.subscriptionStats().streams === 1, 'the upstream subscription');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await publishTick(stack, 'ETH', 2_000);
      await publishTick(stack, 'BTC', 43_210.5);
      await publishTick(stack, 'BTC', 43_300);
      await waitFor(() => received.results.length === 2, 'two BTC events');
      expect(received.results[0]).toEqual({
        data: { priceUpdated: { symbol: 'BTC', price: 43_210.5, asset: { name: 'Bitcoin', models: [{ name: 'btc-vol', owner: { username: 'admin' } }] } } },
      });
      expect(received.results[1]!.data).toMatchObject({ priceUpdated: { price: 43_300 } });
      expect(received.errors).toEqual([]);
      received.stop();
      await waitFor(() => stack.subscriptionStats().streams === 0, 'the upstream subscription to close when the client stops');
    });

    it(`${mode} connections mode: queries and mutations run too`, async () => {
      const client = sseClient(mode === 'single');
      const query = subscribe(client, '{ me { username role } }');
      const mutation = subscribe(client, 'mutation { logout(refreshToken: "unknown") }');
      await waitFor(() => query.completed && mutation.completed, 'both results');
      expect(query.results).toEqual([{ data: { me: { username: 'admin', role: 'ADMIN' } } }]);
      expect(mutation.results).toEqual([{ data: { logout: false } }]);
    });
  }

  it('an SSE subscriber and a WebSocket subscriber of the same subscription share one upstream stream and one execution per event', async () => {
    const before = stack.subscriptionStats();
    const overSse = subscribe(sseClient(false), crossSubgraph, { symbols: ['BTC'] });
    const wsClient = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token: adminToken });
    const overWs = collect(wsClient, crossSubgraph, { symbols: ['BTC'] });
    await waitFor(() => stack.subscriptionStats().subscribers === 2, 'both subscribers');
    expect(stack.subscriptionStats().streams).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await publishTick(stack, 'BTC', 44_000);
    await waitFor(() => overSse.results.length === 1 && overWs.results.length === 1, 'the event on both transports');
    expect(overSse.results[0]).toEqual(overWs.results[0]);
    const after = stack.subscriptionStats();
    expect(after.upstreamOpened - before.upstreamOpened).toBe(1);
    expect(after.eventsExecuted - before.eventsExecuted).toBe(1);
    overSse.stop();
    overWs.stop();
    await wsClient.dispose();
  });

  it('single connection mode carries several operations on one stream and DELETE stops one of them', async () => {
    const reservation = await fetch(streamUrl, { method: 'PUT', headers: { authorization: `Bearer ${adminToken}` } });
    expect(reservation.status).toBe(201);
    const token = await reservation.text();
    // An EventSource cannot send headers: the token in the URL opens the stream.
    const stream = await fetch(`${streamUrl}?token=${encodeURIComponent(token)}`, { headers: { accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${String(pattern)}: ${text}`);
        text += new TextDecoder().decode(value);
      }
    };
    const run = (operationId: string, symbol: string) =>
      fetch(streamUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': token },
        body: JSON.stringify({
          query: 'subscription($s: [String!]!) { priceUpdated(symbols: $s) { symbol price } }',
          variables: { s: [symbol] },
          extensions: { operationId },
        }),
      });
    expect((await run('btc', 'BTC')).status).toBe(202);
    expect((await run('eth', 'ETH')).status).toBe(202);
    expect((await run('eth', 'ETH')).status).toBe(409);
    await waitFor(() => stack.subscriptionStats().streams === 2, 'two upstream streams');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await publishTick(stack, 'BTC', 45_000);
    await publishTick(stack, 'ETH', 2_500);
    await readUntil(/"id":"eth"/);
    await readUntil(/"id":"btc"/);
    expect(text).toContain('event: next\ndata: {"id":"btc","payload":{"data":{"priceUpdated":{"symbol":"BTC","price":45000}}}}\n\n');
    const stopped = await fetch(`${streamUrl}?operationId=eth`, { method: 'DELETE', headers: { 'x-graphql-event-stream-token': token } });
    expect(stopped.status).toBe(200);
    await waitFor(() => stack.subscriptionStats().streams === 1, 'the ETH stream to close');
    await readUntil(/event: complete\ndata: \{"id":"eth"\}/);
    // A request error is answered on the request itself (GraphQL over HTTP); nothing goes on the stream.
    const invalid = await fetch(streamUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': token },
      body: JSON.stringify({ query: '{ nope }', extensions: { operationId: 'nope' } }),
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect((await fetch(`${streamUrl}?token=${encodeURIComponent(token)}`, { headers: { accept: 'text/event-stream' } })).status).toBe(409);
    await reader.cancel();
    await waitFor(() => stack.subscriptionStats().streams === 0, 'every operation to stop when the stream closes');
  });

  it('answers 406 to a request that asks for neither an event stream nor a reserved stream, and 404 to an unknown token', async () => {
    expect(
      (await fetch(streamUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { id } }' }) })).status,
    ).toBe(406);
    expect((await fetch(`${streamUrl}?token=unknown`, { headers: { accept: 'text/event-stream' } })).status).toBe(404);
  });
});
