import { createSubgraphServer, internalKey, resolveSigningKey, migratedSchema, type SubgraphDependencies, type SubgraphService } from '@cryptograph/core';
import { readSubgraphDocument } from '@cryptograph/schema';
import { ensureAdmin } from './admin/ensure-admin.js';
import { registerVerifyApiKeyRoute } from './api-keys/verify-api-key-route.js';
import { createLoginThrottle } from './auth/login-throttle.js';
import { prepareDummyHash } from './auth/password-hasher.js';
import { createRateLimiters } from './auth/rate-limiters.js';
import { createSignupThrottle } from './auth/signup-throttle.js';
import { contextFactory, type UsersParts } from './context.js';
import { usersMigrations } from './db/migrations/index.js';
import { probeUsersSchema } from './db/readiness.repository.js';
import { usersSchema, type UsersDatabase } from './db/users-database.js';
import type { UsersEnv } from './env.js';
import { usersPermissions } from './permissions.js';
import { usersResolvers } from './resolvers.js';
import { createSessionAnnouncer } from './sessions/session-announcer.js';
import { registerSessionStateRoute } from './sessions/session-state-route.js';
import { announceSetupCode } from './setup/setup-codes.js';
import { registerAccessTokenKeysRoute } from './signing-keys/access-token-keys-route.js';
import { startSigningKeyRegistry } from './signing-keys/signing-key-registry.js';

const typeDefs = readSubgraphDocument('users');

/** The settings `createUsersService` uses (all of `UsersEnv` fits). */
export type UsersServiceEnv = Pick<
  UsersEnv,
  | 'NODE_ENV'
  | 'DATA_DIR'
  | 'AUTH_PRIVATE_KEY'
  | 'internalSecret'
  | 'REDIS_URL'
  | 'EVENT_BUS_PREFIX'
  | 'ACCESS_TOKEN_TTL_SECONDS'
  | 'REFRESH_TOKEN_TTL_SECONDS'
  | 'REFRESH_TOKEN_MAX_LIFETIME_SECONDS'
  | 'LOGIN_MAX_FAILURES_PER_ACCOUNT'
  | 'LOGIN_MAX_FAILURES_PER_ADDRESS'
  | 'LOGIN_FAILURE_WINDOW_SECONDS'
  | 'SIGNUP_MAX_PER_ADDRESS'
  | 'SIGNUP_WINDOW_SECONDS'
  | 'ADMIN_EMAIL'
  | 'ADMIN_PASSWORD'
  | 'ADMIN_USERNAME'
>;

/**
 * Migrates the users schema, creates the configured admin (or, with no admin at all, prints a
 * one-time setup code), registers the access-token signing key and builds the users subgraph server
 * with its internal routes for the gateway (API key verification, session state, public keys).
 */
export async function createUsersService(env: UsersServiceEnv, deps: SubgraphDependencies): Promise<SubgraphService> {
  const signingKey = await resolveSigningKey(env);
  const db = await migratedSchema<UsersDatabase>(deps.db.root, usersSchema, usersMigrations);
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const admin = await ensureAdmin(deps.db, { email: env.ADMIN_EMAIL, username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD });
    deps.logger.info({ userId: admin.id, username: admin.username, active: admin.active }, 'admin account ready');
  }
  await announceSetupCode(db, deps.logger);
  await prepareDummyHash();
  const keys = await startSigningKeyRegistry(db, signingKey, env.ACCESS_TOKEN_TTL_SECONDS, deps.logger);
  const limiters = createRateLimiters({ redisUrl: env.REDIS_URL, keyPrefix: env.EVENT_BUS_PREFIX });
  const close = async () => {
    keys.close();
    await limiters.close();
  };
  const parts: UsersParts = {
    db,
    bus: deps.bus,
    tokenSettings: {
      signingKey,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      sessionMaxLifetimeSeconds: env.REFRESH_TOKEN_MAX_LIFETIME_SECONDS,
    },
    loginThrottle: createLoginThrottle(limiters, {
      maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
    }),
    signupThrottle: createSignupThrottle(limiters, { maxPerAddress: env.SIGNUP_MAX_PER_ADDRESS, windowSeconds: env.SIGNUP_WINDOW_SECONDS }),
    sessions: createSessionAnnouncer(deps.bus, deps.logger),
  };
  try {
    const app = await createSubgraphServer({
      name: 'users',
      typeDefs,
      resolvers: usersResolvers,
      permissions: usersPermissions,
      internalKey: internalKey(env.internalSecret),
      createContext: contextFactory(parts),
      checkReady: () => probeUsersSchema(db),
      logger: deps.logger,
    });
    registerVerifyApiKeyRoute(app, db);
    registerSessionStateRoute(app, db);
    registerAccessTokenKeysRoute(app, keys);
    return { name: 'users', app, close };
  } catch (error) {
    await close();
    throw error;
  }
}
