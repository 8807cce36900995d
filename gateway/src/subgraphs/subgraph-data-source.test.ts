import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import { createSubgraphDataSource, type ClosableDataSource } from './subgraph-data-source.js';

const context = {
  identity: { userId: 'u1', role: 'VIEWER', scopes: null, clientAddress: '127.0.0.1' },
  credentialExpiresAt: null,
  apiKeyPrefix: null,
} as unknown as GatewayContext;

describe('subgraph data source', () => {
  let server: Server;
  let received = 0;
  let source: ClosableDataSource;
  beforeAll(async () => {
    server = createServer((request, response) => {
      received += 1;
      request.resume();
      request.on('end', () => setTimeout(() => response.end(JSON.stringify({ data: { _entities: [{ __typename: 'Asset', symbol: 'BTC' }] } })), 30));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    source = createSubgraphDataSource({
      name: 'market',
      url: `http://127.0.0.1:${port}/graphql`,
      signIdentity: async () => 'token',
      timeoutMs: 5_000,
      connections: 8,
    });
  });
  afterAll(async () => {
    await source.close();
    await new Promise((resolve) => server.close(resolve));
  });

  /** One fetch of an operation: the same subgraph query and variables whatever the client operation. */
  const fetchFor = (incomingRequestContext: object) =>
    source.process({
      kind: 'incoming operation',
      request: {
        query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Asset { symbol } } }',
        variables: { representations: [{ __typename: 'Asset', symbol: 'BTC' }] },
      },
      incomingRequestContext,
      context,
    } as never);
  const operation = (queryHash: string, variables: Record<string, unknown>) => ({
    queryHash,
    operationName: null,
    request: { variables },
    operation: { operation: 'query' },
  });

  it('shares one request and its answer among the executions of one operation, never with another operation', async () => {
    received = 0;
    const first = operation('hash-a', { interval: 'D1' });
    const sameOperation = operation('hash-a', { interval: 'D1' });
    const otherVariables = operation('hash-a', { interval: 'H1' });
    const otherDocument = operation('hash-b', { interval: 'D1' });
    const answers = await Promise.all([fetchFor(first), fetchFor(first), fetchFor(sameOperation), fetchFor(otherVariables), fetchFor(otherDocument)]);
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
    expect(answers[3]).not.toBe(answers[0]);
    expect(answers[4]).not.toBe(answers[0]);
    expect(answers[3]).toEqual(answers[0]);
    expect(received).toBe(3);
  });
});
