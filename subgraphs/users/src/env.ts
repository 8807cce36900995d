import { commonEnvShape, listenEnvShape, OperatorError, parseEnv, resolveSecrets } from '@cryptograph/core';
import { z } from 'zod';

const seconds = (fallback: number, max = 365 * 24 * 3600) => z.coerce.number().int().min(1).max(max).default(fallback);
const attempts = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const usersEnvSchema = z.object({
  ...commonEnvShape,
  ...listenEnvShape(4001),
  /** PKCS#8 PEM private key (Ed25519 or P-256) access tokens are signed with; given to the users service only. */
  AUTH_PRIVATE_KEY: z.string().optional(),
  /** Lifetime of access tokens (default 15 minutes, at most 1 hour: revocation is immediate, but a short life limits a stolen token). */
  ACCESS_TOKEN_TTL_SECONDS: seconds(15 * 60, 3600),
  /** Lifetime of one refresh token (default 7 days); each use rotates it. */
  REFRESH_TOKEN_TTL_SECONDS: seconds(7 * 24 * 3600),
  /** Absolute lifetime of a session across all its rotations (default 30 days); then the user signs in again. */
  REFRESH_TOKEN_MAX_LIFETIME_SECONDS: seconds(30 * 24 * 3600),
  /** Consecutive failed logins per login name (email or username) before RATE_LIMITED. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: attempts(5),
  /** Failed logins per client address before RATE_LIMITED. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: attempts(30),
  /** Window (and lock-out time) of the login failure counters. */
  LOGIN_FAILURE_WINDOW_SECONDS: seconds(15 * 60),
  /** Sign-up attempts per client address and window before RATE_LIMITED. */
  SIGNUP_MAX_PER_ADDRESS: attempts(10),
  /** Window of the sign-up counter. */
  SIGNUP_WINDOW_SECONDS: seconds(3600),
  /** With ADMIN_PASSWORD: the admin account created on start when it does not exist yet (never promoted from an existing account). */
  ADMIN_EMAIL: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  ADMIN_USERNAME: z.string().default('admin'),
});

/** The users subgraph's configuration. */
export type UsersEnv = z.infer<typeof usersEnvSchema> & { readonly internalSecret: string };

/**
 * Parses the users subgraph's environment once; fails fast on invalid values. The signing key
 * (AUTH_PRIVATE_KEY) is read when the service is created (`resolveSigningKey`), so commands that
 * sign nothing (the CLI) neither need nor generate one.
 */
export function loadUsersEnv(source: Record<string, string | undefined>): Readonly<UsersEnv> {
  const env = parseEnv(usersEnvSchema, source);
  if (env.ADMIN_EMAIL && !env.ADMIN_PASSWORD)
    throw new OperatorError('ADMIN_PASSWORD', 'is required with ADMIN_EMAIL (the password of the admin created on start)');
  if (env.ADMIN_PASSWORD && !env.ADMIN_EMAIL)
    throw new OperatorError('ADMIN_EMAIL', 'is required with ADMIN_PASSWORD (the email of the admin created on start)');
  return Object.freeze({ ...env, internalSecret: resolveSecrets(env).internalSecret });
}
