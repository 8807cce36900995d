import pg from 'pg';

/**
 * Runs `task` while holding the Postgres advisory lock `name` on the test run's server, so that
 * test files running in parallel take turns for it (e.g. starting a whole multi-process system,
 * which on two cores would otherwise starve the other's start). Without a server, runs at once.
 * The lock belongs to a session of its own: it is released when the task settles, also when the
 * test process dies.
 */
export async function runExclusively<T>(databaseUrl: string | undefined, name: string, task: () => Promise<T>): Promise<T> {
  if (!databaseUrl) return task();
  const session = new pg.Client({ connectionString: databaseUrl });
  session.on('error', () => undefined);
  await session.connect();
  try {
    await session.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    return await task();
  } finally {
    await session.end().catch(() => undefined);
  }
}
