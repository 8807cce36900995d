import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive } from './process-alive.js';
import { redisBinaryAvailable, startRedisServer, type RedisServer } from './redis-server.js';

describe.skipIf(!redisBinaryAvailable() && process.env.CI !== 'true')('startRedisServer', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  const connect = (url: string): Redis => {
    const client = new Redis(url, { maxRetriesPerRequest: 1 });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.stop();
  });

  it('answers PING on 127.0.0.1', async () => {
    expect(server.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await connect(server.url).ping()).toBe('PONG');
  });

  it('delivers a published message to a subscriber', async () => {
    const subscriber = connect(server.url);
    const publisher = connect(server.url);
    const received = new Promise<[string, string]>((resolve) => {
      subscriber.on('message', (channel: string, message: string) => resolve([channel, message]));
    });
    await subscriber.subscribe('ticks');

    expect(await publisher.publish('ticks', 'BTC 65000')).toBe(1);
    expect(await received).toEqual(['ticks', 'BTC 65000']);
  });

  it('stop() ends the server process', async () => {
    const own = await startRedisServer();
    expect(processAlive(own.pid)).toBe(true);

    await own.stop();

    expect(processAlive(own.pid)).toBe(false);
    expect(() => process.kill(own.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    const client = new Redis(own.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED|Connection is closed/);
    client.disconnect();
  });

  it('kill() SIGKILLs the server and restart() brings it back empty on the same port', async () => {
    const own = await startRedisServer();
    const client = new Redis(own.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
    client.on('error', () => undefined);
    try {
      await client.set('key', 'value');
      const killedPid = own.pid;
      await own.kill();
      expect(processAlive(killedPid)).toBe(false);

      await own.restart();
      expect(own.pid).not.toBe(killedPid);
      expect(processAlive(own.pid)).toBe(true);
      // The same client reconnects to the same URL and finds nothing: no persistence.
      expect(await client.get('key')).toBeNull();
    } finally {
      client.disconnect();
      await own.stop();
    }
  });
});
