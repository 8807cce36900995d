import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Secrets every service of one installation must share. */
export interface ServiceSecrets {
  /** Signs access tokens (users subgraph) and verifies them (gateway). */
  readonly jwtSecret: string;
  /** Signs identities the gateway forwards to subgraphs. */
  readonly internalSecret: string;
}

/**
 * Development convenience: reads the installation's secrets from `<dataDir>/secrets.json`,
 * creating them (random, file mode 0600) on first use, so that separately started services of
 * one checkout agree. Production deployments pass JWT_SECRET and INTERNAL_SECRET instead.
 */
export function loadOrCreateSecrets(dataDir: string): ServiceSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ServiceSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: ServiceSecrets = { jwtSecret: randomBytes(32).toString('base64url'), internalSecret: randomBytes(32).toString('base64url') };
  try {
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600, flag: 'wx' });
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(readFileSync(file, 'utf8')) as ServiceSecrets;
  }
}
