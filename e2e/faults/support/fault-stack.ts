// Fault-injection support: the whole system as production runs it, every service in its own
// process (the start scripts' entry points) on its own throwaway Postgres and Redis, so a test can
// kill, stop and restart any part of it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import {
  answersOk,
  createTestDatabase,
  freePort,
  runExclusively,
  startPostgresServer,
  startRedisServer,
  startServiceProcess,
  testEnvironment,
  type PostgresServer,
  type RedisServer,
  type ServiceProcess,
} from '@cryptograph/testing';
import { login } from './fault-clients.js';

/** The processes of the stack. */
export type ServiceName = 'users' | 'market' | 'predictions' | 'worker' | 'gatewayA' | 'gatewayB';

interface ServiceDefinition {
  readonly entry: string;
  readonly port: number;
  /** The variable the service listens on. */
  readonly portVariable: 'PORT' | 'METRICS_PORT';
  readonly env: Record<string, string>;
}

/** The gateways' subscription quota: SUBSCRIPTIONS_PER_USER across both, and the lease of a gateway's slots. */
export const faultQuota = { perUser: 10, leaseSeconds: 3 } as const;

/** Credentials of the admin the users service creates on start. */
export const faultAdmin = { email: 'faults.admin@example.com', username: 'faults_admin', password: 'Faults-Admin-Passphrase-7' } as const;

/** Logs the stack's admin in through its first gateway and returns the access token. */
export function loginFaultAdmin(stack: FaultStack): Promise<string> {
  return login(stack.urls.gatewayA, faultAdmin.username, faultAdmin.password);
}

/** A running multi-process system and the handles to hurt it. */
export interface FaultStack {
  readonly postgres: PostgresServer;
  readonly redis: RedisServer;
  /** Variables every service shares (database, Redis, secrets, bus prefix). */
  readonly env: Readonly<Record<string, string>>;
  /** Base URL (`http://127.0.0.1:PORT`) of each service. */
  readonly urls: Readonly<Record<ServiceName, string>>;
  /** The running process of each service (replaced by `start`). */
  process(name: ServiceName): ServiceProcess;
  /** Starts (or restarts) a service, with extra variables for this start; resolves once it is healthy. */
  start(name: ServiceName, extraEnv?: Record<string, string>): Promise<ServiceProcess>;
  /** SIGKILLs a service and waits until it is gone. */
  kill(name: ServiceName): Promise<void>;
  /** Services whose process has exited without being killed by the test, with the end of their output. */
  crashed(): { name: ServiceName; output: string }[];
  /** Stops everything, services first. */
  stop(): Promise<void>;
}

/**
 * Starts Postgres, Redis and every service (two gateways, the users, market and predictions
 * subgraphs, a job worker) as separate processes, the subgraphs first. The market seeds the shipped
 * data but plays no feed (tests publish price ticks on Redis as the feed does); predictions run in
 * the worker only. `overrides` add variables per service.
 */
export async function startFaultStack(overrides: Partial<Record<ServiceName, Record<string, string>>> = {}): Promise<FaultStack> {
  const [postgres, redis] = await Promise.all([startPostgresServer(), startRedisServer()]);
  const dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-faults-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: await createTestDatabase(postgres.url),
    REDIS_URL: redis.url,
    INTERNAL_SECRET: randomBytes(32).toString('base64url'),
    EVENT_BUS_PREFIX: `faults-${randomBytes(4).toString('hex')}`,
    // Scenarios create the models they need; default models would queue training jobs ahead of theirs.
    DEFAULT_MODELS: 'off',
    OTEL_SDK_DISABLED: 'true',
  };
  const ports = Object.fromEntries(
    await Promise.all((['users', 'market', 'predictions', 'worker', 'gatewayA', 'gatewayB'] as const).map(async (name) => [name, await freePort()] as const)),
  ) as Record<ServiceName, number>;
  const urls = Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, `http://127.0.0.1:${port}`])) as Record<ServiceName, string>;
  const subgraphUrls = { USERS_URL: `${urls.users}/graphql`, MARKET_URL: `${urls.market}/graphql`, PREDICTIONS_URL: `${urls.predictions}/graphql` };
  // A short subscription lease, so that a killed gateway's quota slots free up within a scenario.
  const gateway: ServiceDefinition = {
    entry: 'gateway/src/main.ts',
    port: 0,
    portVariable: 'PORT',
    env: {
      ...subgraphUrls,
      SUBGRAPH_TIMEOUT_MS: '2000',
      SUBSCRIPTIONS_PER_USER: String(faultQuota.perUser),
      SUBSCRIPTION_LEASE_SECONDS: String(faultQuota.leaseSeconds),
    },
  };
  const definitions: Record<ServiceName, ServiceDefinition> = {
    users: {
      entry: 'subgraphs/users/src/main.ts',
      port: ports.users,
      portVariable: 'PORT',
      env: { ADMIN_EMAIL: faultAdmin.email, ADMIN_USERNAME: faultAdmin.username, ADMIN_PASSWORD: faultAdmin.password },
    },
    market: {
      entry: 'subgraphs/market/src/main.ts',
      port: ports.market,
      portVariable: 'PORT',
      env: { MARKET_SEED_DATA: 'true', REPLAY_SPEED: '0', EXCHANGE_FEED: 'off' },
    },
    predictions: {
      entry: 'subgraphs/predictions/src/main.ts',
      port: ports.predictions,
      portVariable: 'PORT',
      env: { MARKET_URL: subgraphUrls.MARKET_URL, PREDICTIONS_WORKER: 'false' },
    },
    worker: {
      entry: 'subgraphs/predictions/src/worker-main.ts',
      port: ports.worker,
      portVariable: 'METRICS_PORT',
      env: { MARKET_URL: subgraphUrls.MARKET_URL },
    },
    gatewayA: { ...gateway, port: ports.gatewayA },
    gatewayB: { ...gateway, port: ports.gatewayB },
  };
  const processes = new Map<ServiceName, ServiceProcess>();
  const killed = new Set<ServiceProcess>();

  const start = async (name: ServiceName, extraEnv: Record<string, string> = {}) => {
    const definition = definitions[name];
    const started = await startServiceProcess(
      name,
      {
        entry: definition.entry,
        env: { ...env, ...definition.env, ...overrides[name], ...extraEnv, [definition.portVariable]: String(definition.port), OTEL_SERVICE_NAME: name },
      },
      () => answersOk(`${urls[name]}/health`),
      90_000,
    );
    processes.set(name, started);
    return started;
  };
  const stopAll = async () => {
    for (const name of ['gatewayA', 'gatewayB', 'worker', 'predictions', 'market', 'users'] as const) await processes.get(name)?.stop();
    await Promise.all([redis.stop(), postgres.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // No service needs another to start (the gateways and the worker reach the subgraphs per request). One system starts at a
    // time across the fault files running in parallel: two systems loading at once would starve each other on two cores.
    await runExclusively(testEnvironment().databaseUrl, 'fault-stack-start', () =>
      Promise.all((['users', 'market', 'predictions', 'worker', 'gatewayA', 'gatewayB'] as const).map((name) => start(name))),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }

  return {
    postgres,
    redis,
    env,
    urls,
    process: (name) => processes.get(name)!,
    start,
    async kill(name) {
      const target = processes.get(name)!;
      killed.add(target);
      target.kill();
      await target.waitForExit();
    },
    crashed: () =>
      [...processes.entries()]
        .filter(([, running]) => running.hasExited() && !killed.has(running))
        .map(([name, running]) => ({ name, output: running.output().slice(-3_000) })),
    stop: stopAll,
  };
}

/** Registers the suite's `afterAll` that stops the stack `current()` returns (if it got that far), allowing it a minute. */
export function stopFaultStackAfterAll(current: () => FaultStack | undefined): void {
  afterAll(async () => {
    await current()?.stop();
  }, 60_000);
}
