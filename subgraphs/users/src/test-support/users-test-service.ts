import {
  accessTokenKeysPath,
  accessTokenKeysScope,
  createLogger,
  createMemoryEventBus,
  openDatabase,
  schemaOutsideTransaction,
  verifyAccessToken,
  type DatabaseConnection,
  type Identity,
  type Role,
  type SubgraphService,
  type VerifiedAccessToken,
} from '@cryptograph/core';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { createTestDatabase, subgraphCaller, testEnvironment, type SubgraphTestService } from '@cryptograph/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usersSchema, type UsersDatabase, type UsersSchema } from '../db/users-database.js';
import { loadUsersEnv, type UsersEnv } from '../env.js';
import { createUsersService } from '../service.js';

/** A GraphQL response as the subgraph sends it. */
export type { SubgraphResponse as GraphQLResponse } from '@cryptograph/testing';

/**
 * A users service on a throwaway database (and the in-process bus it announces session changes and key revocations on),
 * callable as any identity (anonymous from 203.0.113.1 by default).
 */
export interface UsersTestService extends SubgraphTestService<SubgraphService, UsersEnv> {
  /** The users schema, for arranging and checking rows directly. */
  readonly db: UsersSchema;
  /** Sends an internal request (`path`, optional JSON body) with an identity signed like the gateway's. */
  internal(method: 'GET' | 'POST', path: string, identity: Identity, body?: unknown): Promise<{ status: number; body: any }>;
  /** Verifies an access token against the public keys the service publishes, as the gateway does. */
  verifyAccessToken(token: string): Promise<VerifiedAccessToken>;
}

/** An anonymous caller at `clientAddress`. */
export const anonymous = (clientAddress = '203.0.113.1'): Identity => ({ userId: null, role: null, scopes: null, clientAddress });

/** A signed-in caller. */
export const signedIn = (userId: string, role: Role, clientAddress = '203.0.113.1'): Identity => ({ userId, role, scopes: null, clientAddress });

/** A signed-in ADMIN that does not exist as a row (admin rights come from the forwarded identity). */
export const someAdmin = (): Identity => signedIn(randomUUID(), 'ADMIN');

/**
 * A short random suffix, so test data of concurrently running files never collides. It starts with a letter: an all-digit
 * suffix is dropped when a username is checked against the reserved names, so `owner_12345678` read as `owner`.
 */
export const uniqueSuffix = (): string => `u${randomBytes(4).toString('hex')}`;

/**
 * Starts the users service on a fresh database of the test Postgres server (embedded PGlite in a
 * temp dir when there is none), or on `sharedConnection` (a second replica; left open on close).
 * `settings` override environment variables, e.g. throttle limits.
 */
export async function startUsersTestService(settings: Record<string, string> = {}, sharedConnection?: DatabaseConnection): Promise<UsersTestService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cryptograph-users-test-'));
  const { databaseUrl } = testEnvironment();
  const connection =
    sharedConnection ??
    (databaseUrl
      ? await openDatabase({ url: await createTestDatabase(databaseUrl), poolSize: 5 })
      : await openDatabase({ embeddedDir: join(dataDir, 'pgdata') }));
  const env = loadUsersEnv({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    INTERNAL_SECRET: randomBytes(32).toString('base64url'),
    SIGNUP_MAX_PER_ADDRESS: '100000',
    ...settings,
  });
  const bus = createMemoryEventBus();
  const service = await createUsersService(env, { db: connection, bus, logger: createLogger('users-test', 'silent') });
  const caller = subgraphCaller(service.app, { audience: 'users', internalSecret: env.internalSecret, defaultIdentity: anonymous });
  const internal = async (method: 'GET' | 'POST', path: string, identity: Identity, body?: unknown) => {
    const headers: Record<string, string> = { 'x-cryptograph-identity': await caller.identityHeader(identity) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await service.app.inject({ method, url: path, headers, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  };
  const gateway: Identity = { userId: null, role: null, scopes: [accessTokenKeysScope], clientAddress: 'gateway' };
  return {
    service,
    env,
    connection,
    bus,
    db: schemaOutsideTransaction<UsersDatabase>(connection.root, usersSchema),
    internal,
    async verifyAccessToken(token) {
      const keys = (await internal('GET', accessTokenKeysPath, gateway)).body as JSONWebKeySet;
      return verifyAccessToken(token, createLocalJWKSet(keys));
    },
    ...caller,
    async close() {
      await service.app.close();
      await service.close();
      await bus.close();
      if (!sharedConnection) await connection.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
