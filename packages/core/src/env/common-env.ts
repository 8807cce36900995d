import { z } from 'zod';

/** Log levels accepted by `LOG_LEVEL`. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Variables every service understands, with their safe defaults. */
export const commonEnvShape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, hostname: /./, error: 'must be a postgres:// URL, e.g. postgres://user:password@host:5432/database' })
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/, hostname: /./, error: 'must be a redis:// or rediss:// URL, e.g. redis://host:6379' }).optional(),
  /** Prefix of this installation's Redis pub/sub channels (installations sharing a Redis differ). */
  EVENT_BUS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, _ . or -')
    .default('cryptograph'),
  /** How long a starting process waits for Postgres (DATABASE_URL) and Redis (REDIS_URL) before it exits naming the variable. */
  STARTUP_WAIT_SECONDS: z.coerce.number().int().min(0).max(600).default(10),
  /** HMAC secret shared only by the gateway and the subgraphs; signs forwarded identities. */
  INTERNAL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Retired: access tokens are signed with the users service's AUTH_PRIVATE_KEY; a leftover value is refused, not silently ignored. */
  JWT_SECRET: z.undefined({ error: 'is no longer used: access tokens are signed with AUTH_PRIVATE_KEY (users service only); remove JWT_SECRET' }).optional(),
};

/** Host/port pair a service listens on. */
export function listenEnvShape(defaultPort: number) {
  return {
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
  };
}
