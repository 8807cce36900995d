import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `create()` to `file` (mode 0600) unless it exists, and returns the file's content: the
 * first of several processes starting at once wins, the others read what it wrote.
 */
function readOrCreate(dataDir: string, name: string, create: () => string): string {
  const file = join(dataDir, name);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, create(), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8');
}

/**
 * Development convenience: the installation's internal secret from `<dataDir>/secrets.json`,
 * created (random, file mode 0600) on first use, so that separately started services of one
 * checkout agree. Production deployments pass INTERNAL_SECRET instead. (A `jwtSecret` left in the
 * file by older versions is ignored.)
 */
export function loadOrCreateInternalSecret(dataDir: string): string {
  const content = readOrCreate(dataDir, 'secrets.json', () => JSON.stringify({ internalSecret: randomBytes(32).toString('base64url') }));
  return (JSON.parse(content) as { internalSecret: string }).internalSecret;
}

/**
 * Development convenience: the users service's access-token private key (PKCS#8 PEM) from
 * `<dataDir>/auth-private-key.pem`, created by `generate` (file mode 0600) on first use.
 * Production deployments pass AUTH_PRIVATE_KEY to the users service instead.
 */
export function loadOrCreateSigningKeyPem(dataDir: string, generate: () => string): string {
  return readOrCreate(dataDir, 'auth-private-key.pem', generate);
}
