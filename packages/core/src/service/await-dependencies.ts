import { Redis } from 'ioredis';
import { setTimeout as delay } from 'node:timers/promises';
import { OperatorError } from '../errors/operator-error.js';

/** Errors retrying cannot fix: wrong credentials, a database or user that does not exist, TLS refused. */
const finalPostgresCodes = new Set(['28P01', '28000', '3D000', '3F000', '42501']);
const finalRedisReplies = /WRONGPASS|NOAUTH|NOPERM|invalid password|invalid username/i;
const retryPauseMs = 250;

/** A URL without its credentials, for messages: `postgres://db:5432/app`. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'the configured URL';
  }
}

/** What went wrong, in a few words: the driver's code or message, never a stack. */
function reasonOf(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message ? message : String(error);
  return typeof code === 'string' && !text.includes(code) ? `${code} ${text}` : text;
}

/**
 * Waits until `attempt` succeeds, at most `waitSeconds`; then, or at once on an error `isFinal`
 * says retrying cannot fix, throws an OperatorError naming `variable`.
 */
async function waitFor(variable: string, what: string, waitSeconds: number, attempt: () => Promise<void>, isFinal: (error: unknown) => boolean): Promise<void> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (isFinal(error)) throw new OperatorError(variable, `${what} refused the connection: ${reasonOf(error)}`);
      if (Date.now() >= deadline)
        throw new OperatorError(variable, `cannot connect to ${what} (${reasonOf(error)}; waited ${waitSeconds} s, see STARTUP_WAIT_SECONDS)`);
      await delay(retryPauseMs);
    }
  }
}

/** Waits for the Postgres server at `url` to answer `ping` (a round trip through its pool), or fails naming DATABASE_URL. */
export function awaitPostgres(ping: () => Promise<void>, url: string, waitSeconds: number): Promise<void> {
  return waitFor('DATABASE_URL', withoutCredentials(url), waitSeconds, ping, (error) => finalPostgresCodes.has(String((error as { code?: unknown }).code)));
}

/** Waits for the Redis server at `url` to answer PING, or fails naming REDIS_URL. */
export function awaitRedis(url: string, waitSeconds: number): Promise<void> {
  return waitFor(
    'REDIS_URL',
    withoutCredentials(url),
    waitSeconds,
    async () => {
      const client = new Redis(url, {
        lazyConnect: true,
        connectTimeout: 2_000,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      // ioredis rejects with "Connection is closed."; the socket's own error says why.
      let socketError: unknown;
      client.on('error', (error: unknown) => (socketError ??= error));
      try {
        await client.connect();
        await client.ping();
      } catch (error) {
        throw socketError ?? error;
      } finally {
        client.disconnect();
      }
    },
    (error) => finalRedisReplies.test(reasonOf(error)),
  );
}
