import { generateSigningKeyPem } from '@cryptograph/core';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testEnvironment } from '@cryptograph/testing';
import { startStack, type RunningStack } from '../start-stack.js';
import { subgraphsOnFreePorts } from '../subgraph-addresses.js';

/** A whole system started for one test file, with its secrets and a GraphQL helper. */
export interface TestStack extends RunningStack {
  /** The environment the stack was started from. */
  readonly env: Readonly<Record<string, string>>;
  /** POSTs one operation to the gateway and returns status, headers and parsed body. */
  graphql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GraphqlResponse<T>>;
}

/** What the gateway answered. */
export interface GraphqlResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    data?: T | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
    extensions?: Record<string, unknown>;
  };
}

/** The settings that make another test stack a second replica of `stack`'s installation: its database, Redis, signing key, internal secret and bus channels. */
export function sameInstallation(stack: TestStack): Record<string, string> {
  const names = ['DATABASE_URL', 'REDIS_URL', 'AUTH_PRIVATE_KEY', 'INTERNAL_SECRET', 'EVENT_BUS_PREFIX'];
  return Object.fromEntries(names.flatMap((name) => (stack.env[name] === undefined ? [] : [[name, stack.env[name]]])));
}

/**
 * Starts the whole system for a test: on a fresh database of the throwaway Postgres server and on
 * the throwaway Redis when the global setup started them, else on an embedded database in a temp
 * folder, with its own bus channel prefix, its subgraphs on free ports, without seeding market
 * history, running the replay feed or creating the default models. `overrides` set any other
 * variable (limits, TTLs, MARKET_SEED_DATA, NODE_ENV...).
 */
export async function startTestStack(overrides: Record<string, string> = {}): Promise<TestStack> {
  const { databaseUrl, redisUrl } = testEnvironment();
  const dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-test-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    MARKET_SEED_DATA: 'false',
    REPLAY_SPEED: '0',
    // A test never reaches the real exchange: a feed a test turns on falls back to the offline feed at once.
    EXCHANGE_REST_URL: 'http://127.0.0.1:9',
    EXCHANGE_WS_URL: 'ws://127.0.0.1:9',
    DEFAULT_MODELS: 'off',
    ...subgraphsOnFreePorts,
    EVENT_BUS_PREFIX: `test-${randomBytes(6).toString('hex')}`,
    INTERNAL_SECRET: randomBytes(32).toString('base64url'),
    AUTH_PRIVATE_KEY: generateSigningKeyPem(),
    SIGNUP_MAX_PER_ADDRESS: '100000',
    ...(databaseUrl ? { DATABASE_URL: await createTestDatabase(databaseUrl) } : {}),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...overrides,
  };
  const stack = await startStack(env);
  return {
    ...stack,
    env,
    stop: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async graphql(query, variables, options = {}) {
      const response = await fetch(`${stack.gatewayUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphqlResponse<any>['body'] };
    },
  };
}
