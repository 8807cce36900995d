import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { BoundedWriter, responseChannel, webSocketChannel } from './bounded-writer.js';
import { request as httpRequest, type ServerResponse } from 'node:http';

/** A real server-side socket whose client does not read until told to. */
async function stalledPair(): Promise<{ server: WebSocket; client: WebSocket; received: string[]; resume(): void; close(): Promise<void> }> {
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
  const [server] = (await once(wss, 'connection')) as [WebSocket];
  await once(client, 'open');
  const received: string[] = [];
  client.on('message', (data) => received.push(data.toString()));
  const raw = (client as unknown as { _socket: import('node:net').Socket })._socket;
  raw.pause();
  return {
    server,
    client,
    received,
    resume: () => raw.resume(),
    close: async () => {
      client.terminate();
      wss.close();
      http.close();
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const bigMessage = (label: string) => JSON.stringify({ label, padding: 'x'.repeat(64 * 1024) });

/** A writer (1 KiB high-water mark) over a stalled WebSocket pair closed after the test, and how often it gave up on the client. */
async function stalledWriter(limits: { maxPendingBytes?: number; maxStallMs?: number } = {}) {
  const pair = await stalledPair();
  cleanups.push(pair.close);
  let tooSlow = 0;
  const writer = new BoundedWriter(webSocketChannel(pair.server), {
    highWaterMarkBytes: 1024,
    maxPendingBytes: limits.maxPendingBytes ?? 64 * 1024 * 1024,
    maxStallMs: limits.maxStallMs ?? 60_000,
    onTooSlow: () => (tooSlow += 1),
  });
  return { pair, writer, tooSlow: () => tooSlow };
}

describe('BoundedWriter on a WebSocket', () => {
  it('keeps only the newest message per conflation key while the client is not reading', async () => {
    const { pair, writer, tooSlow } = await stalledWriter();
    for (let index = 0; index < 400; index += 1) writer.send(bigMessage(`BTC-${index}`), 'op-1', index % 2 === 0 ? 'BTC' : 'ETH');
    expect(pair.server.bufferedAmount).toBeGreaterThan(1024);
    expect(writer.conflated).toBeGreaterThan(300);
    pair.resume();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const labels = pair.received.map((message) => (JSON.parse(message) as { label: string }).label);
    expect(labels.at(-1)).toBe('BTC-399');
    expect(labels).toContain('BTC-398');
    expect(labels.length).toBe(400 - writer.conflated);
    expect(tooSlow()).toBe(0);
    writer.dispose();
  });

  it('queues messages without a key in order and gives up on a client past the pending limit', async () => {
    const { writer, tooSlow } = await stalledWriter({ maxPendingBytes: 2 * 1024 * 1024 });
    for (let index = 0; index < 400; index += 1) writer.send(bigMessage(`event-${index}`));
    expect(tooSlow()).toBe(1);
    expect(writer.conflated).toBe(0);
    writer.send(bigMessage('after giving up'));
    expect(tooSlow()).toBe(1);
  });

  it('gives up on a client that makes no progress for too long', async () => {
    const { writer, tooSlow } = await stalledWriter({ maxStallMs: 200 });
    for (let index = 0; index < 200; index += 1) writer.send(bigMessage(`event-${index}`));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(tooSlow()).toBeGreaterThanOrEqual(1);
  });
});

/** A real HTTP response (an SSE stream) whose client does not read until told to. */
async function stalledResponse(): Promise<{ response: ServerResponse; received: () => number; resume(): void; close(): Promise<void> }> {
  let response: ServerResponse | undefined;
  const server: Server = createServer((_request, reply) => {
    reply.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.flushHeaders();
    response = reply;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  let received = 0;
  const client = httpRequest({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/', headers: { accept: 'text/event-stream' } });
  client.end();
  const [incoming] = (await once(client, 'response')) as [import('node:http').IncomingMessage];
  incoming.on('data', (chunk: Buffer) => (received += chunk.length));
  incoming.pause();
  while (!response) await new Promise((resolve) => setTimeout(resolve, 5));
  return {
    response,
    received: () => received,
    resume: () => incoming.resume(),
    close: async () => {
      client.destroy();
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('BoundedWriter on an SSE response', () => {
  it('waits until the stream is attached, then writes what waited in order', async () => {
    const pair = await stalledResponse();
    cleanups.push(pair.close);
    let attached: ServerResponse | undefined;
    const writer = new BoundedWriter(
      responseChannel(() => attached),
      { highWaterMarkBytes: 1024 * 1024, maxPendingBytes: 1024 * 1024, maxStallMs: 60_000, onTooSlow: () => {} },
    );
    writer.send('event: next\ndata: 1\n\n');
    writer.send('event: next\ndata: 2\n\n');
    expect(writer.pendingBytes).toBeGreaterThan(0);
    attached = pair.response;
    writer.flush();
    expect(writer.pendingBytes).toBe(0);
    pair.resume();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pair.received()).toBe(2 * 'event: next\ndata: 1\n\n'.length);
    writer.dispose();
  });

  it('holds much less for a stream that was never attached than for one that reads slowly', () => {
    let tooSlow = 0;
    const writer = new BoundedWriter(
      responseChannel(() => undefined),
      { highWaterMarkBytes: 1024, maxPendingBytes: 1024 * 1024, maxPendingUnreadyBytes: 8 * 1024, maxStallMs: 60_000, onTooSlow: () => (tooSlow += 1) },
    );
    for (let index = 0; index < 3; index += 1) writer.send(`event: next\ndata: ${'x'.repeat(2_000)}\n\n`);
    expect(tooSlow).toBe(0);
    for (let index = 0; index < 3; index += 1) writer.send(`event: next\ndata: ${'x'.repeat(2_000)}\n\n`);
    expect(tooSlow).toBe(1);
    expect(writer.pendingBytes).toBe(0);
  });

  it('gives up on a client that never reads instead of buffering without bound', async () => {
    const pair = await stalledResponse();
    cleanups.push(pair.close);
    let tooSlow = 0;
    const writer = new BoundedWriter(
      responseChannel(() => pair.response),
      { highWaterMarkBytes: 16 * 1024, maxPendingBytes: 256 * 1024, maxStallMs: 60_000, onTooSlow: () => (tooSlow += 1) },
    );
    for (let index = 0; index < 2_000 && tooSlow === 0; index += 1) {
      writer.send(`event: next\ndata: ${bigMessage(`event-${index}`)}\n\n`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(tooSlow).toBe(1);
    expect(writer.pendingBytes).toBe(0);
    expect(pair.response.writableLength).toBeLessThan(16 * 1024 + 2 * 70 * 1024);
  });
});
