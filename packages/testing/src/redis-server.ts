import { Redis } from 'ioredis';
import { binaryOnPath } from './binary-on-path.js';
import { freePort } from './free-port.js';
import { spawnTracked, type TrackedProcess } from './tracked-process.js';
import { waitUntilReady } from './wait-until-ready.js';

/** A throwaway Redis server on a random loopback port, without persistence. */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  /** Process id of `redis-server` (a new one after `restart()`). */
  readonly pid: number;
  /** SIGKILLs the server, as in a crash or an OOM kill (fault tests); resolves once it is gone. Its data is lost (no persistence). */
  kill(): Promise<void>;
  /** Starts a killed server again on the same port, empty; resolves once it answers PING. */
  restart(): Promise<void>;
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
    try {
      return handle(port, await startOnPort(port));
    } catch (error) {
      // Another process may take the port between freePort() and bind: try a new one.
      if (attempt < bindAttempts && /address already in use/i.test(String(error))) continue;
      throw error;
    }
  }
}

async function startOnPort(port: number): Promise<TrackedProcess> {
  const server = spawnTracked({
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
    cwd: process.cwd(),
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 5_000,
  });
  try {
    await waitUntilReady(server, 'redis-server', () => answersPing(`redis://127.0.0.1:${port}`), readyTimeoutMs);
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function handle(port: number, first: TrackedProcess): RedisServer {
  let server = first;
  return {
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return server.pid;
    },
    async kill() {
      if (!server.hasExited()) process.kill(server.pid, 'SIGKILL');
      await server.waitForExit();
    },
    async restart() {
      if (!server.hasExited()) throw new Error('restart() needs a killed or stopped redis-server');
      server = await startOnPort(port);
    },
    stop: () => server.stop(),
  };
}

/** Whether the Redis server at `url` answers PING now (one attempt, no retries). */
export async function answersPing(url: string): Promise<boolean> {
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

/** How many connections of the Redis server behind `client` are subscribed to `channel` (PUBSUB NUMSUB). */
export async function subscribersOf(client: Redis, channel: string): Promise<number> {
  const [, count] = (await client.pubsub('NUMSUB', channel)) as [string, number];
  return Number(count);
}
