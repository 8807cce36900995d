import pg from 'pg';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { postgresBinariesAvailable } from './postgres-server.js';
import { redisBinaryAvailable } from './redis-server.js';
import { createTestDatabase } from './test-database.js';
import { testEnvironment } from './test-environment.js';

describe('testEnvironment', () => {
  const env = testEnvironment();

  it('provides a real server exactly when its binaries are on PATH', () => {
    expect(env.databaseUrl !== undefined).toBe(postgresBinariesAvailable());
    expect(env.redisUrl !== undefined).toBe(redisBinaryAvailable());
    expect(env.real).toBe(postgresBinariesAvailable() && redisBinaryAvailable());
  });

  it.skipIf(env.databaseUrl === undefined)('gives a Postgres server where test databases can be created', async () => {
    const url = await createTestDatabase(env.databaseUrl!);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query('select current_database() as db');
      expect(`/${rows[0].db}`).toBe(new URL(url).pathname);
    } finally {
      await client.end();
    }
  });

  it.skipIf(env.redisUrl === undefined)('gives a Redis server that answers PING', async () => {
    const client = new Redis(env.redisUrl!);
    try {
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
    }
  });
});
