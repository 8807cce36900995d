import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryEventBus, createRedisEventBus, openDatabase, type DatabaseConnection, type EventBus } from '@cryptograph/core';
import { createTestDatabase } from './test-database.js';
import { testEnvironment } from './test-environment.js';

/** What an in-process subgraph test runs on: a data dir, a database and a bus, and the environment that names them. */
export interface TestServiceBase<E> {
  /** The data dir (the caller's `DATA_DIR` setting, else a fresh temp dir). */
  readonly dataDir: string;
  /** The database URL (the caller's `DATABASE_URL` setting, else a fresh database of the test Postgres); falsy means embedded PGlite in the data dir. */
  readonly databaseUrl: string | undefined;
  /** NODE_ENV, DATA_DIR, INTERNAL_SECRET, EVENT_BUS_PREFIX, DATABASE_URL and REDIS_URL (when real), then the defaults, then the settings. */
  readonly settings: Record<string, string>;
  /** `settings` as the `parse` option read them. */
  readonly env: E;
  /** The open database: a pool on `databaseUrl`, or PGlite in the data dir. */
  readonly connection: DatabaseConnection;
  /** The test Redis bus (with the settings' REDIS_URL and EVENT_BUS_PREFIX), or an in-process bus without one. */
  readonly bus: EventBus;
  /** Closes the bus and the database, then removes the data dir when it is a temp dir made here. */
  close(): Promise<void>;
}

/**
 * Prepares the ground of an in-process subgraph test: the data dir, the database of the test Postgres
 * (embedded PGlite when there is none), the test Redis bus (in-process when there is none), and their
 * environment with `defaults` and then `settings` on top; `parse` reads that environment before the
 * database opens (so bad settings fail first).
 */
export async function openTestServiceBase<E = Record<string, string>>(options: {
  readonly tempPrefix: string;
  readonly poolSize: number;
  readonly defaults: Record<string, string>;
  readonly settings: Record<string, string>;
  readonly parse?: (settings: Record<string, string>) => E;
}): Promise<TestServiceBase<E>> {
  const { settings: overrides } = options;
  const ownDataDir = overrides.DATA_DIR === undefined;
  const dataDir = overrides.DATA_DIR ?? (await mkdtemp(join(tmpdir(), options.tempPrefix)));
  const { databaseUrl: serverUrl, redisUrl } = testEnvironment();
  const databaseUrl = overrides.DATABASE_URL ?? (serverUrl ? await createTestDatabase(serverUrl) : undefined);
  const settings: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    INTERNAL_SECRET: randomBytes(32).toString('base64url'),
    ...options.defaults,
    EVENT_BUS_PREFIX: `test-${randomBytes(6).toString('hex')}`,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...overrides,
  };
  const env = options.parse ? options.parse(settings) : (settings as E);
  const connection = databaseUrl
    ? await openDatabase({ url: databaseUrl, poolSize: options.poolSize })
    : await openDatabase({ embeddedDir: join(dataDir, 'pgdata') });
  const bus = settings.REDIS_URL ? createRedisEventBus(settings.REDIS_URL, settings.EVENT_BUS_PREFIX) : createMemoryEventBus();
  return {
    dataDir,
    databaseUrl,
    settings,
    env,
    connection,
    bus,
    async close() {
      await bus.close();
      await connection.close();
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
