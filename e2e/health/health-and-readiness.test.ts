// Gateway /health and /ready: 200 with every subgraph up on the real stack, 503 naming the subgraph that is down or not ready.
import { freePort } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCustomGateway, type CustomGateway } from '../support/custom-gateway.js';
import { startFakeSubgraph, type FakeSubgraph } from '../support/fake-subgraph.js';
import { getJson, startPlainStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let closedPortGateway: CustomGateway;
let notReadyGateway: CustomGateway;
let fake: FakeSubgraph;

beforeAll(async () => {
  stack = await startPlainStack();
  fake = await startFakeSubgraph('status-500');
  closedPortGateway = await startCustomGateway(stack, { market: `http://127.0.0.1:${await freePort()}/graphql` });
  notReadyGateway = await startCustomGateway(stack, { predictions: fake.url });
});

afterAll(async () => {
  await closedPortGateway?.stop();
  await notReadyGateway?.stop();
  await fake?.close();
  await stack?.stop();
});

describe('health and readiness', () => {
  it('GET /health answers 200', async () => {
    const health = await getJson(stack.gatewayUrl, '/health');
    expect(health).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('GET /ready answers 200 with every subgraph up', async () => {
    const ready = await getJson(stack.gatewayUrl, '/ready');
    expect(ready).toEqual({ status: 200, body: { status: 'ready', subgraphs: { users: 'up', market: 'up', predictions: 'up' } } });
  });

  it('GET /ready answers 503 naming a subgraph on a closed port; /health stays 200', async () => {
    const ready = await getJson(closedPortGateway.url, '/ready');
    expect(ready).toEqual({ status: 503, body: { status: 'unavailable', subgraphs: { users: 'up', market: 'down', predictions: 'up' } } });
    expect((await getJson(closedPortGateway.url, '/health')).status).toBe(200);
  });

  it('GET /ready answers 503 naming a subgraph whose own /ready fails', async () => {
    const ready = await getJson(notReadyGateway.url, '/ready');
    expect(ready).toEqual({ status: 503, body: { status: 'unavailable', subgraphs: { users: 'up', market: 'up', predictions: 'down' } } });
  });

  it('each subgraph answers its own /ready with 200', async () => {
    for (const [name, url] of Object.entries(stack.subgraphUrls)) {
      const ready = await getJson(url, '/ready');
      expect(ready, name).toEqual({ status: 200, body: { status: 'ready', service: name } });
    }
  });
});
