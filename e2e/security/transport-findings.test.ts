// Transport findings: a connection_init credential that is not a string closes 4403 (never anonymous); the per-address
// connection cap counts the client TRUST_PROXY's hop count names (rotating X-Forwarded-For does not help) and an IPv6
// client as its /64 network, on WebSocket and SSE; ping payload bound; pongs through the bounded writer. (Per-address
// rate limits and throttles over every transport: address-attacks.test.ts.)
import { graphqlWsUrl, handshake, rawGraphqlWsSocket, type HandshakeOutcome, type RawGraphqlWsSocket } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlainStack, stopStackAfterAll, type TestStack } from '../support/stack.js';

/** Opens a raw graphql-transport-ws socket (with `headers` on the upgrade), sends connection_init and reports ack or close. */
function openSocket(stack: TestStack, headers?: Record<string, string>): { socket: RawGraphqlWsSocket; outcome: Promise<'ack' | number> } {
  const socket = rawGraphqlWsSocket(graphqlWsUrl(stack.gatewayUrl), {}, { headers });
  return { socket, outcome: socket.handshake.then(ackOrCode) };
}

/** Opens a raw graphql-transport-ws socket, sends connection_init with `payload` and reports ack or close. */
async function initWith(stack: TestStack, payload: Record<string, unknown>): Promise<'ack' | number> {
  return ackOrCode(await handshake(graphqlWsUrl(stack.gatewayUrl), payload));
}

/** A handshake outcome as these tests compare it: `'ack'`, or the close code. */
function ackOrCode(outcome: HandshakeOutcome): 'ack' | number {
  return outcome.acknowledged ? 'ack' : outcome.code;
}

/** Reserves an SSE stream (single connection mode) with `headers`; returns the HTTP status. */
async function reserve(stack: TestStack, headers: Record<string, string> = {}): Promise<number> {
  return (await fetch(`${stack.gatewayUrl}/graphql/stream`, { method: 'PUT', headers })).status;
}

describe('TRUST_PROXY=1: the client is the address our proxy appended, not what the client wrote', () => {
  let stack: TestStack;
  const sockets: RawGraphqlWsSocket[] = [];

  beforeAll(async () => {
    stack = await startPlainStack({ TRUST_PROXY: '1', WS_MAX_CONNECTIONS_PER_ADDRESS: '2', WS_INIT_TIMEOUT_MS: '30000' });
  });
  stopStackAfterAll(() => stack);
  afterAll(() => {
    for (const socket of sockets) socket.terminate();
  });

  it('WebSocket: the per-address connection cap follows the proxy-appended address', async () => {
    const open = async (forwardedFor: string) => {
      const { socket, outcome } = openSocket(stack, { 'x-forwarded-for': forwardedFor });
      sockets.push(socket);
      return outcome;
    };
    expect(await open('1.1.1.1, 198.51.100.1')).toBe('ack');
    expect(await open('2.2.2.2, 198.51.100.1')).toBe('ack');
    expect(await open('3.3.3.3, 198.51.100.1')).toBe(1013);
    expect(await open('3.3.3.3, 198.51.100.2')).toBe('ack');
  });

  it('SSE: the per-address connection cap follows the proxy-appended address', async () => {
    expect(await reserve(stack, { 'x-forwarded-for': '1.1.1.1, 192.0.2.1' })).toBe(201);
    expect(await reserve(stack, { 'x-forwarded-for': '2.2.2.2, 192.0.2.1' })).toBe(201);
    expect(await reserve(stack, { 'x-forwarded-for': '3.3.3.3, 192.0.2.1' })).toBe(429);
    expect(await reserve(stack, { 'x-forwarded-for': '3.3.3.3, 192.0.2.2' })).toBe(201);
  });

  it('WebSocket and SSE: addresses of one IPv6 /64 network, however spelled, share the cap, and so do an IPv4 address and its IPv4-mapped forms; another /64 does not', async () => {
    const open = async (client: string) => {
      const { socket, outcome } = openSocket(stack, { 'x-forwarded-for': client });
      sockets.push(socket);
      return outcome;
    };
    expect(await open('2001:db8:7:7::1')).toBe('ack');
    expect(await reserve(stack, { 'x-forwarded-for': '2001:0db8:0007:0007:ffff::2' })).toBe(201);
    expect(await open('2001:db8:7:7:abcd::3')).toBe(1013);
    expect(await reserve(stack, { 'x-forwarded-for': '2001:db8:7:7::4' })).toBe(429);
    expect(await open('2001:db8:7:8::1')).toBe('ack');
    expect(await reserve(stack, { 'x-forwarded-for': '192.0.2.77' })).toBe(201);
    expect(await open('::ffff:192.0.2.77')).toBe('ack');
    expect(await reserve(stack, { 'x-forwarded-for': '::ffff:c000:24d' })).toBe(429);
  });
});

describe('per-address connection cap (WS_MAX_CONNECTIONS_PER_ADDRESS) across WebSocket and SSE', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startPlainStack({ WS_MAX_CONNECTIONS_PER_ADDRESS: '3', WS_INIT_TIMEOUT_MS: '2000' });
  });
  stopStackAfterAll(() => stack);

  it('refuses the connection past the cap on either transport, and accepts again once one closes', async () => {
    const first = openSocket(stack);
    const second = openSocket(stack);
    expect([await first.outcome, await second.outcome]).toEqual(['ack', 'ack']);
    expect(await reserve(stack)).toBe(201);
    const refusedSocket = openSocket(stack);
    expect(await refusedSocket.outcome).toBe(1013);
    const refusedStream = await fetch(`${stack.gatewayUrl}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(refusedStream.status).toBe(429);
    expect(((await refusedStream.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('RATE_LIMITED');
    first.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = openSocket(stack);
    expect(await again.outcome).toBe('ack');
    second.socket.close();
    again.socket.close();
  });
});

describe('connection_init credentials that are not strings', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startPlainStack();
  });
  stopStackAfterAll(() => stack);

  it('close the socket with 4403 instead of making the connection anonymous', async () => {
    for (const payload of [
      { authorization: ['Bearer x'] },
      { authorization: 42 },
      { Authorization: { token: 'x' } },
      { apiKey: ['cgk_x'] },
      { apiKey: true },
    ]) {
      expect(await initWith(stack, payload), JSON.stringify(payload)).toBe(4403);
    }
    expect(await initWith(stack, { authorization: null })).toBe('ack');
    expect(await initWith(stack, {})).toBe('ack');
  });
});

describe('pings', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startPlainStack({ WS_HIGH_WATER_MARK_BYTES: '16384', WS_MAX_PENDING_BYTES: '65536' });
  });
  stopStackAfterAll(() => stack);

  it('answers a ping of up to 4 KiB with a pong carrying its payload, and closes the socket with 4400 on a bigger one', async () => {
    const { socket, outcome } = openSocket(stack);
    expect(await outcome).toBe('ack');
    const pong = socket.nextMessage();
    const note = 'x'.repeat(4000);
    socket.send({ type: 'ping', payload: { note } });
    expect(await pong).toEqual({ type: 'pong', payload: { note } });
    socket.send({ type: 'ping', payload: { note: 'x'.repeat(5000) } });
    expect((await socket.closed).code).toBe(4400);
  });

  it('a client that floods pings and never reads the pongs is disconnected (4503) instead of making the gateway buffer them', async () => {
    const { socket, outcome } = openSocket(stack);
    expect(await outcome).toBe('ack');
    const raw = (socket.socket as unknown as { _socket: import('node:net').Socket })._socket;
    raw.pause();
    const payload = JSON.stringify({ type: 'ping', payload: { note: 'x'.repeat(4000) } });
    for (let index = 0; index < 2_000; index += 1) socket.sendFrame(payload);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    raw.resume();
    expect((await socket.closed).code).toBe(4503);
    expect((await fetch(`${stack.gatewayUrl}/health`)).status).toBe(200);
  });
});
