import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Creates a new, empty database named `test_<random hex>` on the Postgres server at
 * `serverUrl` and returns its URL, so each test file gets an isolated database.
 */
export async function createTestDatabase(serverUrl: string): Promise<string> {
  const name = `test_${randomBytes(8).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    // The name is generated above from [a-z0-9_] only, so it needs no quoting.
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
