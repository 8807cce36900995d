// Scenario: garbage and protocol violations on the WebSocket get graphql-ws close codes, and the gateway keeps serving.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '@cryptograph/app/testing';

/** Opens a raw graphql-transport-ws socket and resolves with its close code and reason once it closes. */
async function rawSocket(stack: TestStack, protocol = 'graphql-transport-ws') {
  const socket = new WebSocket(`${stack.gatewayUrl.replace(/^http/, 'ws')}/graphql`, protocol);
  const messages: unknown[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, messages, closed };
}

const init = JSON.stringify({ type: 'connection_init', payload: {} });
const subscribe = (id: string) => JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { priceUpdated(symbols: ["BTC"]) { price } }' } });

describe('WebSocket protocol violations', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ WS_INIT_TIMEOUT_MS: '300' });
  });
  afterAll(() => stack?.stop());

  const cases: [string, (socket: WebSocket) => void, number][] = [
    ['a frame that is not JSON', (socket) => socket.send('{not json'), 4400],
    ['a message of an unknown type', (socket) => socket.send(JSON.stringify({ type: 'hello' })), 4400],
    ['a binary frame', (socket) => socket.send(Buffer.from([1, 2, 3])), 4400],
    ['subscribe before connection_init', (socket) => socket.send(subscribe('1')), 4401],
    ['a second connection_init', (socket) => (socket.send(init), socket.send(init)), 4429],
    ['no connection_init in time', () => {}, 4408],
  ];
  for (const [label, act, code] of cases) {
    it(`${label} closes the socket with ${code}`, async () => {
      const { socket, closed } = await rawSocket(stack);
      act(socket);
      expect((await closed).code).toBe(code);
    });
  }

  it('a duplicate operation id closes the socket with 4409', async () => {
    const { socket, messages, closed } = await rawSocket(stack);
    socket.send(init);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(messages).toEqual([{ type: 'connection_ack' }]);
    socket.send(subscribe('same'));
    socket.send(subscribe('same'));
    expect((await closed).code).toBe(4409);
  });

  it('refuses an unknown subprotocol with 4406', async () => {
    const { closed } = await rawSocket(stack, 'graphql-ws');
    expect((await closed).code).toBe(4406);
  });

  it('still answers HTTP and new sockets after all of the above', async () => {
    expect((await fetch(`${stack.gatewayUrl}/health`)).status).toBe(200);
    const { socket, messages } = await rawSocket(stack);
    socket.send(init);
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.send(JSON.stringify({ id: 'q', type: 'subscribe', payload: { query: '{ me { id } }' } }));
    // Polled rather than a fixed pause: on a loaded machine the answer may take longer than 300 ms.
    for (const deadline = Date.now() + 5_000; messages.length < 3 && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(messages).toEqual([{ type: 'connection_ack' }, { id: 'q', type: 'next', payload: { data: { me: null } } }, { id: 'q', type: 'complete' }]);
    socket.close();
  });
});
