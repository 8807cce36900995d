import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBinariesAvailable, startPostgresServer, type PostgresServer } from './postgres-server.js';
import { processAlive } from './process-alive.js';
import { createTestDatabase } from './test-database.js';

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe.skipIf(!postgresBinariesAvailable() && process.env.CI !== 'true')('startPostgresServer', () => {
  let server: PostgresServer;

  beforeAll(async () => {
    server = await startPostgresServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('accepts queries on 127.0.0.1', async () => {
    expect(server.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const result = await query(server.url, "select 6 * 7 as answer, current_setting('fsync') as fsync");
    expect(result.rows).toEqual([{ answer: 42, fsync: 'off' }]);
  });

  it('createTestDatabase gives two different, isolated databases', async () => {
    const first = await createTestDatabase(server.url);
    const second = await createTestDatabase(server.url);
    expect(first).not.toBe(second);
    expect(new URL(first).pathname).toMatch(/^\/test_[0-9a-f]{16}$/);

    await query(first, 'create table only_here (id int primary key)');
    await query(first, 'insert into only_here values (1)');

    const inFirst = await query(first, "select to_regclass('public.only_here') as t, current_database() as db");
    const inSecond = await query(second, "select to_regclass('public.only_here') as t, current_database() as db");
    expect(inFirst.rows[0]).toEqual({ t: 'only_here', db: new URL(first).pathname.slice(1) });
    expect(inSecond.rows[0]).toEqual({ t: null, db: new URL(second).pathname.slice(1) });
  });

  it('stop() ends the server process and removes its directory', async () => {
    const own = await startPostgresServer();
    expect(processAlive(own.pid)).toBe(true);
    expect(existsSync(own.baseDir)).toBe(true);

    await own.stop();

    expect(processAlive(own.pid)).toBe(false);
    expect(() => process.kill(own.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(existsSync(own.baseDir)).toBe(false);
    await expect(query(own.url, 'select 1')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('halt() stops the server keeping its data and port; resume() brings it back there', async () => {
    const own = await startPostgresServer();
    try {
      await query(own.url, 'create table survives (id int primary key)');
      const firstPid = own.pid;
      await own.halt();
      expect(processAlive(firstPid)).toBe(false);
      await expect(query(own.url, 'select 1')).rejects.toThrow(/ECONNREFUSED/);
      await own.resume();
      expect(own.pid).not.toBe(firstPid);
      expect((await query(own.url, "select to_regclass('public.survives') as t")).rows[0]).toEqual({ t: 'survives' });
    } finally {
      await own.stop();
    }
  });
});
