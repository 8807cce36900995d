import { EnvError } from './parse-env.js';
import { loadOrCreateSecrets, type ServiceSecrets } from '../secrets/service-secrets.js';

/**
 * The installation's shared secrets: from JWT_SECRET / INTERNAL_SECRET when set; in production
 * both are required; in development and tests the ones persisted under DATA_DIR are used.
 */
export function resolveSecrets(env: { NODE_ENV: string; DATA_DIR: string; INTERNAL_SECRET?: string | undefined; JWT_SECRET?: string | undefined }): ServiceSecrets {
  if (env.INTERNAL_SECRET && env.JWT_SECRET) return { jwtSecret: env.JWT_SECRET, internalSecret: env.INTERNAL_SECRET };
  if (env.NODE_ENV === 'production') {
    throw new EnvError(['JWT_SECRET', 'INTERNAL_SECRET'].filter((name) => !env[name as 'JWT_SECRET']).map((name) => `${name}: required when NODE_ENV=production (32 or more characters)`));
  }
  const stored = loadOrCreateSecrets(env.DATA_DIR);
  return { jwtSecret: env.JWT_SECRET ?? stored.jwtSecret, internalSecret: env.INTERNAL_SECRET ?? stored.internalSecret };
}
