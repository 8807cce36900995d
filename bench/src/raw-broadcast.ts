import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { WebSocket, WebSocketServer } from 'ws';

/** Counters of the reference broadcaster. */
export interface BroadcastStats {
  /** Passes over all clients. */
  broadcasts: number;
  /** Frames handed to `ws` (`socket.send`). */
  sends: number;
  /** Frames not sent because the client's socket buffer was above the high-water mark. */
  skipped: number;
}

/** The reference of the fan-out benchmark: a plain `ws` server broadcasting one string to every client. */
export interface RawBroadcaster {
  readonly url: string;
  clients(): number;
  stats(): BroadcastStats;
  /**
   * Broadcasts as fast as the event loop allows until `stop()`: one pass sends `payload` to every
   * client whose socket buffer is below the high-water mark, then waits one event-loop turn
   * (setImmediate), so sockets drain and nothing buffers without bound.
   */
  saturate(payload: string): { stop(): Promise<void> };
  /** Sends one frame to every client now (for paced runs); returns how many sends it made. */
  broadcastOnce(payload: string): number;
  close(): Promise<void>;
}

/**
 * Starts a plain `ws` WebSocketServer on a free loopback port, with the same buffer limit as the
 * gateway's writer (`highWaterMarkBytes`) and no compression (as the gateway).
 */
export async function startRawBroadcaster(highWaterMarkBytes: number): Promise<RawBroadcaster> {
  const httpServer = createServer((_request, response) => response.writeHead(426).end());
  const server = new WebSocketServer({ server: httpServer, perMessageDeflate: false, maxPayload: 256 * 1024 });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const stats: BroadcastStats = { broadcasts: 0, sends: 0, skipped: 0 };

  const broadcastOnce = (payload: string): number => {
    let sends = 0;
    for (const client of server.clients) {
      if (client.readyState !== WebSocket.OPEN) continue;
      if (client.bufferedAmount >= highWaterMarkBytes) {
        stats.skipped += 1;
        continue;
      }
      client.send(payload);
      sends += 1;
    }
    stats.broadcasts += 1;
    stats.sends += sends;
    return sends;
  };

  return {
    url: `ws://127.0.0.1:${port}/`,
    clients: () => server.clients.size,
    stats: () => ({ ...stats }),
    saturate(payload) {
      let running = true;
      const loop = (async () => {
        while (running) {
          broadcastOnce(payload);
          await nextTurn();
        }
      })();
      return {
        stop: async () => {
          running = false;
          await loop;
        },
      };
    },
    broadcastOnce,
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
