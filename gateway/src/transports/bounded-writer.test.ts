import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { BoundedWriter, webSocketChannel } from './bounded-writer.js';

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

describe('BoundedWriter on a WebSocket', () => {
  it('keeps only the newest message per conflation key while the client is not reading', async () => {
    const pair = await stalledPair();
    cleanups.push(pair.close);
    let tooSlow = false;
    const writer = new BoundedWriter(webSocketChannel(pair.server), { highWaterMarkBytes: 1024, maxPendingBytes: 64 * 1024 * 1024, maxStallMs: 60_000, onTooSlow: () => (tooSlow = true) });
    for (let index = 0; index < 400; index += 1) writer.send(bigMessage(`BTC-${index}`), 'op-1', index % 2 === 0 ? 'BTC' : 'ETH');
    expect(pair.server.bufferedAmount).toBeGreaterThan(1024);
    expect(writer.conflated).toBeGreaterThan(300);
    pair.resume();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const labels = pair.received.map((message) => (JSON.parse(message) as { label: string }).label);
    expect(labels.at(-1)).toBe('BTC-399');
    expect(labels).toContain('BTC-398');
    expect(labels.length).toBe(400 - writer.conflated);
    expect(tooSlow).toBe(false);
    writer.dispose();
  });

  it('queues messages without a key in order and gives up on a client past the pending limit', async () => {
    const pair = await stalledPair();
    cleanups.push(pair.close);
    let tooSlow = 0;
    const writer = new BoundedWriter(webSocketChannel(pair.server), { highWaterMarkBytes: 1024, maxPendingBytes: 2 * 1024 * 1024, maxStallMs: 60_000, onTooSlow: () => (tooSlow += 1) });
    for (let index = 0; index < 400; index += 1) writer.send(bigMessage(`event-${index}`));
    expect(tooSlow).toBe(1);
    expect(writer.conflated).toBe(0);
    writer.send(bigMessage('after giving up'));
    expect(tooSlow).toBe(1);
  });

  it('gives up on a client that makes no progress for too long', async () => {
    const pair = await stalledPair();
    cleanups.push(pair.close);
    let tooSlow = false;
    const writer = new BoundedWriter(webSocketChannel(pair.server), { highWaterMarkBytes: 1024, maxPendingBytes: 64 * 1024 * 1024, maxStallMs: 200, onTooSlow: () => (tooSlow = true) });
    for (let index = 0; index < 200; index += 1) writer.send(bigMessage(`event-${index}`));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(tooSlow).toBe(true);
  });
});
