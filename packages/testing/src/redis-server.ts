import { Redis } from 'ioredis';
import { binaryOnPath } from './binary-on-path.js';
import { freePort } from './free-port.js';
import { spawnTracked, type TrackedProcess } from './tracked-process.js';
import { waitUntilReady } from './wait-until-ready.js';

/** A throwaway Redis server on a random loopback port, without persistence. */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  /** Process id of `redis-server`. */
  readonly pid: number;
  /** Stops the server by pid (SIGTERM, SIGKILL after a timeout). */
  stop(): Promise<void>;
}

const readyTimeoutMs = 30_000;
const bindAttempts = 3;

/** Whether `redis-server` is on PATH. */
export function redisBinaryAvailable(): boolean {
  return binaryOnPath('redis-server');
}

/** Starts `redis-server` on a free 127.0.0.1 port; resolves once it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = spawnTracked({
      command: 'redis-server',
      args: [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--save', '',
        '--appendonly', 'no',
        '--daemonize', 'no',
        '--loglevel', 'warning',
      ],
      cwd: process.cwd(),
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 5_000,
    });
    const url = `redis://127.0.0.1:${port}`;
    try {
      await waitUntilReady(server, 'redis-server', () => answersPing(url), readyTimeoutMs);
      return handle(url, server);
    } catch (error) {
      await server.stop();
      // Another process may take the port between freePort() and bind: try a new one.
      if (attempt < bindAttempts && /address already in use/i.test(server.output())) continue;
      throw error;
    }
  }
}

function handle(url: string, server: TrackedProcess): RedisServer {
  return { url, pid: server.pid, stop: () => server.stop() };
}

async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
