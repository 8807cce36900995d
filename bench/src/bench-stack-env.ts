import { generateSigningKeyPem } from '@cryptograph/core';
import { randomBytes } from 'node:crypto';
import { subgraphsOnFreePorts } from '@cryptograph/app';

/** The bootstrap admin of a benchmark system: a fresh random password per run. */
export function benchAdmin(): { email: string; username: string; password: string } {
  return { email: 'admin@bench.test', username: 'benchadmin', password: `Adm1n-${randomBytes(12).toString('base64url')}` };
}

/**
 * The environment of a whole system started for a benchmark: quiet, on loopback, fresh secrets,
 * the bootstrap admin (when given), and no rate limits or cost budgets (bench/api.bench.ts measures those;
 * elsewhere they would only refuse load). `extra` adds or overrides variables.
 */
export function benchStackEnv(
  options: {
    dataDir: string;
    admin?: { email: string; username: string; password: string } | undefined;
    databaseUrl?: string | undefined;
    redisUrl?: string | undefined;
  },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_ENABLED: 'false',
    GRAPHQL_COST_ANALYSIS: 'false',
    DATA_DIR: options.dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    ...subgraphsOnFreePorts,
    INTERNAL_SECRET: randomBytes(32).toString('base64url'),
    AUTH_PRIVATE_KEY: generateSigningKeyPem(),
    SIGNUP_MAX_PER_ADDRESS: '1000000',
    // The workloads create their own models; the system's default models would change what they read.
    DEFAULT_MODELS: 'off',
    ...(options.admin ? { ADMIN_EMAIL: options.admin.email, ADMIN_USERNAME: options.admin.username, ADMIN_PASSWORD: options.admin.password } : {}),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...extra,
  };
}

/** Signs the bootstrap admin in through the gateway at `gatewayUrl` and returns its access token (throws when the login fails). */
export async function adminAccessToken(gatewayUrl: string, admin: { username: string; password: string }): Promise<string> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
      variables: { input: { login: admin.username, password: admin.password } },
    }),
  });
  const token = ((await response.json()) as { data?: { login?: { accessToken?: string } } }).data?.login?.accessToken;
  if (!token) throw new Error('login failed');
  return token;
}
