import { mkdtempSync, rmSync } from 'node:fs';
import { chown, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { binaryOnPath } from './binary-on-path.js';
import { registerExitCleanup } from './exit-cleanup.js';
import { freePort } from './free-port.js';
import { serverAccount, type ServerAccount } from './server-account.js';
import { spawnTracked, type TrackedProcess } from './tracked-process.js';
import { waitUntilReady } from './wait-until-ready.js';

/** A throwaway Postgres server on a random loopback port. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust auth, no password). */
  readonly url: string;
  /** Process id of the postmaster (a new one after `resume()`). */
  readonly pid: number;
  /** The temporary directory holding the data directory and the Unix socket; removed by `stop()`. */
  readonly baseDir: string;
  /** Stops the postmaster (fast shutdown) but keeps its data and port, as in an outage (fault tests). */
  halt(): Promise<void>;
  /** Starts the halted postmaster again on the same port and data; resolves once it accepts queries. */
  resume(): Promise<void>;
  /** Fast shutdown (SIGINT), SIGKILL after a timeout, then removes `baseDir`. */
  stop(): Promise<void>;
}

const readyTimeoutMs = 30_000;
const bindAttempts = 3;

/** Whether `initdb` and `postgres` are on PATH. */
export function postgresBinariesAvailable(): boolean {
  return binaryOnPath('initdb') && binaryOnPath('postgres');
}

/**
 * Creates a fresh cluster with `initdb` in a temp dir and starts `postgres` on a free
 * 127.0.0.1 port, tuned for tests (no fsync); resolves once it accepts connections.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const account = serverAccount();
  // Synchronous, so that no exit can fall between creating the directory and registering its removal.
  const baseDir = mkdtempSync(join(tmpdir(), 'cryptograph-pg-'));
  const unregisterDir = registerExitCleanup(() => rmSync(baseDir, { recursive: true, force: true }));
  const removeDir = async (): Promise<void> => {
    await rm(baseDir, { recursive: true, force: true });
    unregisterDir();
  };
  try {
    if (account) await chown(baseDir, account.uid, account.gid);
    const dataDir = join(baseDir, 'data');
    await initdb(dataDir, baseDir, account);
    let { url, server } = await startPostmaster(dataDir, baseDir, account);
    const port = Number(new URL(url).port);
    return {
      url,
      get pid() {
        return server.pid;
      },
      baseDir,
      halt: () => server.stop(),
      async resume() {
        if (!server.hasExited()) return;
        ({ url, server } = await startPostmaster(dataDir, baseDir, account, port));
      },
      async stop() {
        await server.stop();
        await removeDir();
      },
    };
  } catch (error) {
    await removeDir();
    throw error;
  }
}

async function initdb(dataDir: string, cwd: string, account: ServerAccount | undefined): Promise<void> {
  const run = spawnTracked({
    command: 'initdb',
    args: ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'],
    cwd,
    account,
    stopSignal: 'SIGTERM',
  });
  const code = await run.waitForExit();
  if (code !== 0) throw new Error(`initdb failed (exit code ${code}). Its output:\n${run.output()}`);
}

async function startPostmaster(
  dataDir: string,
  socketDir: string,
  account: ServerAccount | undefined,
  fixedPort?: number,
): Promise<{ url: string; server: TrackedProcess }> {
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    const server = spawnTracked({
      command: 'postgres',
      args: [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-h',
        '127.0.0.1',
        '-k',
        socketDir,
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
      ],
      cwd: socketDir,
      account,
      stopSignal: 'SIGINT',
    });
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    try {
      await waitUntilReady(server, 'postgres', () => acceptsQueries(url), readyTimeoutMs);
      return { url, server };
    } catch (error) {
      await server.stop();
      // Another process may take the port between freePort() and bind: try a new one.
      if (fixedPort === undefined && attempt < bindAttempts && /could not bind|already in use/i.test(server.output())) continue;
      throw error;
    }
  }
}

async function acceptsQueries(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
