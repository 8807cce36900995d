import { accessTokenKey, createSubgraphServer, internalKey, runMigrations, type SubgraphDependencies, type SubgraphService } from '@cryptograph/core';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { ensureAdmin } from './admin/ensure-admin.js';
import { createApiKeyService } from './api-keys/api-key.service.js';
import { registerVerifyApiKeyRoute } from './api-keys/verify-api-key-route.js';
import { createAuthService } from './auth/auth.service.js';
import { createLoginThrottle } from './auth/login-throttle.js';
import { prepareDummyHash } from './auth/password-hasher.js';
import { contextFactory } from './context.js';
import { usersMigrations } from './db/migrations/index.js';
import { usersSchema, type UsersDatabase } from './db/users-database.js';
import type { UsersEnv } from './env.js';
import { usersPermissions } from './permissions.js';
import { usersResolvers } from './resolvers.js';

const typeDefs = parse(readFileSync(new URL('../../../schema/users.graphql', import.meta.url), 'utf8'));

/** The settings `createUsersService` uses (all of `UsersEnv` fits). */
export type UsersServiceEnv = Pick<
  UsersEnv,
  | 'internalSecret'
  | 'jwtSecret'
  | 'REDIS_URL'
  | 'ACCESS_TOKEN_TTL_SECONDS'
  | 'REFRESH_TOKEN_TTL_SECONDS'
  | 'LOGIN_MAX_FAILURES_PER_ACCOUNT'
  | 'LOGIN_MAX_FAILURES_PER_ADDRESS'
  | 'LOGIN_FAILURE_WINDOW_SECONDS'
  | 'ADMIN_EMAIL'
  | 'ADMIN_PASSWORD'
  | 'ADMIN_USERNAME'
>;

/** Migrates the users schema, creates the configured admin and builds the users subgraph server. */
export async function createUsersService(env: UsersServiceEnv, deps: SubgraphDependencies): Promise<SubgraphService> {
  await runMigrations(deps.db.root, usersSchema, usersMigrations);
  const db = deps.db.root.withSchema(usersSchema) as Kysely<UsersDatabase>;
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const admin = await ensureAdmin(deps.db, { email: env.ADMIN_EMAIL, username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD });
    deps.logger.info({ userId: admin.id, username: admin.username }, 'admin account ready');
  }
  await prepareDummyHash();
  const throttle = createLoginThrottle({
    maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS,
    windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
    redisUrl: env.REDIS_URL,
  });
  const auth = createAuthService(db, {
    accessTokenKey: accessTokenKey(env.jwtSecret),
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
  }, throttle);
  const apiKeys = createApiKeyService(db, deps.bus);
  try {
    const app = await createSubgraphServer({
      name: 'users',
      typeDefs,
      resolvers: usersResolvers,
      permissions: usersPermissions,
      internalKey: internalKey(env.internalSecret),
      createContext: contextFactory(db, auth, apiKeys),
      checkReady: async () => {
        await db.selectFrom('users').select('id').limit(1).execute();
      },
      logger: deps.logger,
    });
    registerVerifyApiKeyRoute(app, apiKeys);
    return { name: 'users', app, close: () => throttle.close() };
  } catch (error) {
    await throttle.close();
    throw error;
  }
}
