import { commonEnvShape, listenEnvShape, parseEnv, resolveSecrets } from '@cryptograph/core';
import { z } from 'zod';

const seconds = (fallback: number) => z.coerce.number().int().min(1).max(365 * 24 * 3600).default(fallback);
const attempts = (fallback: number) => z.coerce.number().int().min(1).max(10_000).default(fallback);

const usersEnvSchema = z.object({
  ...commonEnvShape,
  ...listenEnvShape(4001),
  JWT_SECRET: z.string().min(32).optional(),
  /** Lifetime of access tokens (default 15 minutes). */
  ACCESS_TOKEN_TTL_SECONDS: seconds(15 * 60),
  /** Lifetime of refresh tokens (default 7 days). */
  REFRESH_TOKEN_TTL_SECONDS: seconds(7 * 24 * 3600),
  /** Consecutive failed logins per account before RATE_LIMITED. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: attempts(5),
  /** Failed logins per client address before RATE_LIMITED. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: attempts(30),
  /** Window (and lock-out time) of the login failure counters. */
  LOGIN_FAILURE_WINDOW_SECONDS: seconds(15 * 60),
  /** With ADMIN_PASSWORD: the admin created (or promoted) on start. */
  ADMIN_EMAIL: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  ADMIN_USERNAME: z.string().default('admin'),
});

/** The users subgraph's configuration. */
export type UsersEnv = z.infer<typeof usersEnvSchema> & { readonly internalSecret: string; readonly jwtSecret: string };

/** Parses the users subgraph's environment once; fails fast on invalid values. */
export function loadUsersEnv(source: Record<string, string | undefined>): Readonly<UsersEnv> {
  const env = parseEnv(usersEnvSchema, source);
  const secrets = resolveSecrets(env);
  return Object.freeze({ ...env, internalSecret: secrets.internalSecret, jwtSecret: secrets.jwtSecret });
}
