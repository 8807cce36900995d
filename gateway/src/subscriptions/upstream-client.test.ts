import { createLogger, type Identity } from '@cryptograph/core/base';
import type { GraphQLFormattedError } from 'graphql';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createUpstreamConnector, type UpstreamConnector, type UpstreamSink } from './upstream-client.js';

/** How the scripted subgraph treats each new connection. */
type Behaviour = 'serve' | 'close-4403' | 'close-4400' | 'no-ack' | 'garbage' | 'no-pong' | 'reject-operation' | 'refuse-upgrade';

/**
 * A WebSocket subgraph speaking graphql-transport-ws by hand, so each test can make it misbehave
 * the way a real peer might; `push` sends an event to every subscription it serves.
 */
async function scriptedSubgraph(port = 0) {
  const state = {
    behaviour: 'serve' as Behaviour,
    upgrades: 0,
    connections: 0,
    subscribes: [] as { id: string; variables: unknown }[],
    sockets: new Set<WebSocket>(),
  };
  const live = new Map<WebSocket, { behaviour: Behaviour; ids: Set<string> }>();
  const http: Server = createServer((_request, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, handleProtocols: () => 'graphql-transport-ws' });
  http.on('upgrade', (request, socket, head) => {
    state.upgrades += 1;
    if (state.behaviour === 'refuse-upgrade') {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws));
  });
  wss.on('connection', (ws: WebSocket) => {
    state.connections += 1;
    state.sockets.add(ws);
    ws.on('close', () => {
      state.sockets.delete(ws);
      live.delete(ws);
    });
    const behaviour = state.behaviour;
    if (behaviour === 'close-4403') return void ws.close(4403, 'Forbidden');
    if (behaviour === 'close-4400') return void ws.close(4400, 'Bad request');
    if (behaviour === 'garbage') return void ws.send('this is not a graphql-ws message');
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; id?: string; payload?: { variables?: unknown } };
      if (message.type === 'connection_init' && behaviour !== 'no-ack') ws.send(JSON.stringify({ type: 'connection_ack' }));
      if (message.type === 'ping' && behaviour !== 'no-pong') ws.send(JSON.stringify({ type: 'pong' }));
      if (message.type === 'subscribe' && message.id) {
        state.subscribes.push({ id: message.id, variables: structuredClone(message.payload?.variables) });
        if (behaviour === 'reject-operation') {
          ws.send(JSON.stringify({ type: 'error', id: message.id, payload: [{ message: 'Not allowed.', extensions: { code: 'FORBIDDEN' } }] }));
          return;
        }
        const served = live.get(ws) ?? { behaviour, ids: new Set<string>() };
        served.ids.add(message.id);
        live.set(ws, served);
      }
      if (message.type === 'complete' && message.id) live.get(ws)?.ids.delete(message.id);
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return {
    state,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`,
    port: (http.address() as AddressInfo).port,
    /** Subscriptions currently served on connections that behave. */
    served: () => [...live.values()].reduce((sum, served) => sum + (served.behaviour === 'serve' ? served.ids.size : 0), 0),
    push(data: Record<string, unknown>) {
      for (const [ws, served] of live) for (const id of served.ids) ws.send(JSON.stringify({ type: 'next', id, payload: { data } }));
    },
    /** Drops every connection the way a killed process does. */
    killConnections() {
      for (const ws of state.sockets) ws.terminate();
    },
    async close() {
      for (const ws of state.sockets) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

type Scripted = Awaited<ReturnType<typeof scriptedSubgraph>>;

/** Records what an upstream subscription reports. */
function recordingSink() {
  const record = {
    events: [] as Record<string, unknown>[],
    errors: [] as (readonly GraphQLFormattedError[])[],
    interruptions: [] as (readonly GraphQLFormattedError[])[],
    restored: 0,
    completed: 0,
  };
  const sink: UpstreamSink = {
    next: (data) => record.events.push(data),
    error: (errors) => record.errors.push(errors),
    complete: () => (record.completed += 1),
    interrupted: (errors) => record.interruptions.push(errors),
    restored: () => (record.restored += 1),
  };
  return { record, sink };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const identity: Identity = { userId: null, role: null, scopes: null, clientAddress: '127.0.0.1' };
const request = { query: 'subscription { tick { n } }', variables: { after: '1' }, operationName: undefined };
const unavailable = [
  {
    message: 'The market service is unavailable; this subscription resumes when it is back.',
    extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'market' },
  },
];
const fastTiming = { keepAliveMs: 100, pongTimeoutMs: 150, ackTimeoutMs: 200, retry: { initialMs: 20, maxMs: 80 } };

let subgraph: Scripted | undefined;
let connector: UpstreamConnector | undefined;

function connectTo(url: string): UpstreamConnector {
  connector = createUpstreamConnector({
    subgraphUrls: () => ({ market: url }),
    signIdentity: async () => 'signed',
    logger: createLogger('test', 'silent'),
    timing: fastTiming,
  });
  return connector;
}

afterEach(async () => {
  await connector?.close();
  await subgraph?.close();
  connector = undefined;
  subgraph = undefined;
});

describe('upstream subscriptions', () => {
  it('a refused connection is reported as DOWNSTREAM_SERVICE_ERROR once, retried, and restored when the subgraph starts', async () => {
    const placeholder = await scriptedSubgraph();
    const { port, url } = placeholder;
    await placeholder.close();
    const { record, sink } = recordingSink();
    const unsubscribe = connectTo(url).subscribe('market', 'scope', identity, request, sink);
    await until(() => record.interruptions.length === 1, 'the interruption');
    expect(record.interruptions[0]).toEqual(unavailable);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(record.interruptions).toHaveLength(1);
    subgraph = await scriptedSubgraph(port);
    await until(() => subgraph!.served() === 1, 'the retried subscription');
    await until(() => record.restored === 1, 'the restoration');
    subgraph.push({ tick: { n: 1 } });
    await until(() => record.events.length === 1, 'an event after the restart');
    expect(record.errors).toEqual([]);
    unsubscribe();
  });

  it('resubscribes with the variables as they are at the time of the retry (resume after the last id)', async () => {
    subgraph = await scriptedSubgraph();
    const variables: Record<string, unknown> = { after: '1' };
    const { record, sink } = recordingSink();
    connectTo(subgraph.url).subscribe('market', 'scope', identity, { ...request, variables }, sink);
    await until(() => subgraph!.served() === 1, 'the subscription');
    variables.after = '7';
    subgraph.killConnections();
    await until(() => subgraph!.state.subscribes.length === 2 && subgraph!.served() === 1, 'the resubscription');
    expect(subgraph.state.subscribes.map((subscribe) => subscribe.variables)).toEqual([{ after: '1' }, { after: '7' }]);
    expect(record.interruptions).toEqual([unavailable]);
    await until(() => record.restored === 1, 'the restoration');
  });

  const failures: [Behaviour, string][] = [
    ['close-4403', 'closes with 4403'],
    ['close-4400', 'closes with 4400 (graphql-ws would give up for good)'],
    ['refuse-upgrade', 'refuses the upgrade with HTTP 403'],
    ['no-ack', 'never acknowledges connection_init'],
    ['garbage', 'sends frames that are not graphql-ws'],
    ['no-pong', 'stops answering pings'],
  ];
  for (const [behaviour, what] of failures) {
    it(`a subgraph that ${what} interrupts its subscriptions, which are retried until it behaves`, async () => {
      subgraph = await scriptedSubgraph();
      subgraph.state.behaviour = behaviour;
      const [first, second] = [recordingSink(), recordingSink()];
      const upstream = connectTo(subgraph.url);
      upstream.subscribe('market', 'scope', identity, request, first.sink);
      upstream.subscribe('market', 'scope', identity, { ...request, query: 'subscription { tick { n other } }' }, second.sink);
      await until(() => first.record.interruptions.length >= 1 && second.record.interruptions.length >= 1, 'both interruptions', 5_000);
      const upgradesAtFailure = subgraph.state.upgrades;
      await until(() => subgraph!.state.upgrades >= upgradesAtFailure + 2, 'retries');
      subgraph.state.behaviour = 'serve';
      await until(() => subgraph!.served() === 2, 'both subscriptions served again');
      subgraph.push({ tick: { n: 2 } });
      await until(() => first.record.events.length === 1 && second.record.events.length === 1, 'events on both');
      for (const { record } of [first, second]) {
        // A peer that acknowledges and then stops answering looks restored each time before it fails again.
        if (behaviour === 'no-pong')
          expect(new Set(record.interruptions.map((errors) => JSON.stringify(errors)))).toEqual(new Set([JSON.stringify(unavailable)]));
        else expect(record.interruptions).toEqual([unavailable]);
        expect(record.errors).toEqual([]);
        expect(record.completed).toBe(0);
      }
    });
  }

  it('shares one backoff among the subscriptions of a lost connection: one connection attempt per retry', async () => {
    subgraph = await scriptedSubgraph();
    const upstream = connectTo(subgraph.url);
    for (let index = 0; index < 10; index += 1)
      upstream.subscribe('market', 'scope', identity, { ...request, query: `subscription { tick { n${index}: n } }` }, recordingSink().sink);
    await until(() => subgraph!.served() === 10, 'ten subscriptions');
    expect(subgraph.state.connections).toBe(1);
    subgraph.killConnections();
    await until(() => subgraph!.served() === 0, 'the connection to drop');
    await until(() => subgraph!.served() === 10, 'ten subscriptions again');
    expect(subgraph.state.upgrades).toBe(2);
  });

  it("a subgraph's own error for the operation ends it, without retry", async () => {
    subgraph = await scriptedSubgraph();
    subgraph.state.behaviour = 'reject-operation';
    const { record, sink } = recordingSink();
    connectTo(subgraph.url).subscribe('market', 'scope', identity, request, sink);
    await until(() => record.errors.length === 1, 'the error');
    expect(record.errors[0]).toEqual([{ message: 'Not allowed.', extensions: { code: 'FORBIDDEN', serviceName: 'market' } }]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(subgraph.state.subscribes).toHaveLength(1);
    expect(record.interruptions).toEqual([]);
  });

  it('unsubscribing while a retry waits (once an unhandled rejection that crashed the gateway) settles quietly and stops retrying', async () => {
    subgraph = await scriptedSubgraph();
    const { port, url } = subgraph;
    await subgraph.close();
    subgraph = undefined;
    const { record, sink } = recordingSink();
    const upstream = connectTo(url);
    const unsubscribe = upstream.subscribe('market', 'scope', identity, request, sink);
    await until(() => record.interruptions.length === 1, 'the interruption');
    unsubscribe();
    subgraph = await scriptedSubgraph(port);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(subgraph.state.upgrades).toBe(0);
    expect(record.events).toEqual([]);
  });

  it('gives a subgraph without a usable URL a final DOWNSTREAM_SERVICE_ERROR', () => {
    const { record, sink } = recordingSink();
    connectTo('not a url').subscribe('market', 'scope', identity, request, sink);
    expect(record.errors).toEqual([unavailable]);
  });
});
