import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import lockfile from 'proper-lockfile';

/** Where the data lives: a real Postgres server, or the embedded PGlite persisted under a folder. */
export type DatabaseTarget = { readonly url: string; readonly poolSize?: number } | { readonly embeddedDir: string };

/**
 * Kysely over the whole database, without table types: each subgraph narrows it to its own
 * schema's tables, and kysely's `Migration` takes exactly this type.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tables are typed per subgraph, not here
export type RootDb = Kysely<any>;

/** A connection to the installation's database; subgraphs narrow it to their own schema. */
export interface DatabaseConnection {
  /** Kysely over the whole database (no default schema). */
  readonly root: RootDb;
  /** True for the embedded PGlite database. */
  readonly embedded: boolean;
  /** Closes the pool or the embedded database. */
  close(): Promise<void>;
  /** Connections of the pool of a real server (reported as metrics). */
  poolStats?(): { total: number; idle: number; waiting: number };
}

/**
 * The embedded database folder is held by another live process: PGlite has one process per folder (a second one writes
 * into it unseen and loses its writes).
 */
export class EmbeddedDatabaseInUse extends Error {
  override name = 'EmbeddedDatabaseInUse';
  constructor(readonly folder: string) {
    super(`the embedded database in ${folder} is in use by another process`);
  }
}

/** How long a lock its process stopped renewing (it died) keeps others out, and how often a live process renews it. */
const embeddedLockStaleMs = 20_000;
const embeddedLockUpdateMs = 5_000;

/** Takes the embedded folder's lock (proper-lockfile: a `.lock` folder renewed while this process lives), or throws EmbeddedDatabaseInUse. */
async function lockEmbeddedFolder(folder: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(folder, {
      stale: embeddedLockStaleMs,
      update: embeddedLockUpdateMs,
      realpath: false,
      // A renewal that came too late (the event loop was busy for 20 s) must not end the process: the folder is still ours.
      onCompromised: () => {},
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ELOCKED') throw new EmbeddedDatabaseInUse(folder);
    throw error;
  }
}

// timestamptz and bigint come back as JS values we control: ints as numbers where safe.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/**
 * Opens the database. One embedded PGlite is shared by every subgraph of the process through a
 * single Kysely driver, which serializes its connection; a real server gets a pg pool. The embedded
 * folder is locked for as long as it is open, so a second process (a CLI command beside `npm start`)
 * is refused instead of writing where nobody reads.
 */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseConnection> {
  if ('url' in target) {
    // A query waits at most 5 s for a connection (an unreachable server fails requests, not hangs them).
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10, connectionTimeoutMillis: 5_000 });
    // A connection the server drops (a restart, a failover) emits 'error': idle ones on the pool,
    // checked-out ones on the client, where their query fails too. The pool discards the client and
    // the next query opens a new one; without these listeners the event would crash the process.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const root: RootDb = new Kysely({ dialect: new PostgresDialect({ pool }) });
    return {
      root,
      embedded: false,
      close: () => root.destroy(),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }
  mkdirSync(target.embeddedDir, { recursive: true });
  const unlock = await lockEmbeddedFolder(target.embeddedDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(target.embeddedDir);
  } catch (error) {
    await unlock().catch(() => {});
    throw error;
  }
  const root: RootDb = new Kysely({ dialect: new PGliteDialect(pglite) });
  return {
    root,
    embedded: true,
    close: async () => {
      await root.destroy();
      if (!pglite.closed) await pglite.close();
      await unlock().catch(() => {});
    },
  };
}
