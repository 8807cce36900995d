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
  /** Answers wait for this (the tests that need requests to stay in flight hold it). */
  let gate: Promise<void> = Promise.resolve();
  let source: ClosableDataSource;
  beforeAll(async () => {
    server = createServer((request, response) => {
      received += 1;
      request.resume();
      request.on(
        'end',
        () => void gate.then(() => setTimeout(() => response.end(JSON.stringify({ data: { _entities: [{ __typename: 'Asset', symbol: 'BTC' }] } })), 30)),
      );
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

  it('shares one request among identical fetches of any operation: one parsed answer per operation, objects of its own for another', async () => {
    received = 0;
    const first = operation('hash-a', { interval: 'D1' });
    const sameOperation = operation('hash-a', { interval: 'D1' });
    const otherVariables = operation('hash-a', { interval: 'H1' });
    const otherDocument = operation('hash-b', { interval: 'D1' });
    const answers = await Promise.all([fetchFor(first), fetchFor(first), fetchFor(sameOperation), fetchFor(otherVariables), fetchFor(otherDocument)]);
    expect(received).toBe(1);
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
    for (const other of [answers[3]!, answers[4]!]) {
      expect(other).toEqual(answers[0]);
      expect(other.data).not.toBe(answers[0]!.data);
    }
    expect(answers[4]!.data).not.toBe(answers[3]!.data);
    // An execution merges later fetches into these objects: one operation's change never shows in another's answer.
    (answers[0]!.data!._entities as Record<string, unknown>[])[0]!.symbol = 'changed by the first operation';
    expect(answers[3]).toEqual({ data: { _entities: [{ __typename: 'Asset', symbol: 'BTC' }] } });
  });

  it('never shares across identities, and starts anew after forgetInFlight', async () => {
    received = 0;
    let release = () => {};
    gate = new Promise((resolve) => (release = resolve));
    const admin = { ...context, identity: { ...context.identity, userId: 'u2', role: 'ADMIN' } } as GatewayContext;
    const asOther = source.process({
      kind: 'incoming operation',
      request: {
        query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Asset { symbol } } }',
        variables: { representations: [{ __typename: 'Asset', symbol: 'BTC' }] },
      },
      incomingRequestContext: operation('hash-a', {}),
      context: admin,
    } as never);
    const before = fetchFor(operation('hash-a', {}));
    await expect.poll(() => received).toBe(2);
    // Still in flight: another fetch joins it.
    const joined = fetchFor(operation('hash-b', {}));
    source.forgetInFlight();
    const after = fetchFor(operation('hash-a', {}));
    await expect.poll(() => received).toBe(3);
    release();
    gate = Promise.resolve();
    await Promise.all([asOther, before, joined, after]);
    expect(received).toBe(3);
  });

  it('answers DOWNSTREAM_SERVICE_ERROR to every sharer of a request that fails', async () => {
    const broken = createSubgraphDataSource({
      name: 'market',
      url: 'http://127.0.0.1:1/graphql',
      signIdentity: async () => 'token',
      timeoutMs: 1_000,
      connections: 1,
    });
    const fetchBroken = (queryHash: string) =>
      broken.process({
        kind: 'incoming operation',
        request: { query: '{ assets { symbol } }' },
        incomingRequestContext: operation(queryHash, {}),
        context,
      } as never);
    const [one, two] = await Promise.all([fetchBroken('hash-c'), fetchBroken('hash-d')]);
    expect(one).toEqual({ errors: [{ message: 'The market service is unavailable.', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } }] });
    expect(two).toEqual(one);
    expect(two).not.toBe(one);
    await broken.close();
  });
});
