import { OperatorError } from '../errors/operator-error.js';
import { generateSigningKeyPem, signingKeyFromPem, type AccessTokenSigningKey } from '../identity/signing-key.js';
import { loadOrCreateInternalSecret, loadOrCreateSigningKeyPem } from '../secrets/service-secrets.js';

/** The secrets every service of one installation shares. */
export interface ServiceSecrets {
  /** Signs the identities the gateway forwards to subgraphs (HMAC); known to the gateway and the subgraphs only. */
  readonly internalSecret: string;
}

/** Names of variables that hold secrets; the internal secret must equal none of them. */
const secretName = /(SECRET|PASSWORD|_KEY|_TOKEN)$/;

/** Every other secret of `env` by variable name: secret-named variables and the passwords inside URLs. */
function otherSecrets(env: Record<string, unknown>): [string, string][] {
  const found: [string, string][] = [];
  for (const [name, value] of Object.entries(env)) {
    if (name === 'INTERNAL_SECRET' || typeof value !== 'string' || value === '') continue;
    if (secretName.test(name)) found.push([name, value]);
    else if (/_URL$/.test(name) && URL.canParse(value)) {
      const password = decodeURIComponent(new URL(value).password);
      if (password) found.push([`the password in ${name}`, password]);
    }
  }
  return found;
}

/**
 * The installation's internal secret: INTERNAL_SECRET when set (required when NODE_ENV=production),
 * else the one persisted under DATA_DIR. Refuses (OperatorError naming INTERNAL_SECRET) a value equal
 * to any other secret of `env` (a private key, a password, the password of a database URL...), so
 * that one leaked secret never opens another door.
 */
export function resolveSecrets(env: { NODE_ENV: string; DATA_DIR: string; INTERNAL_SECRET?: string | undefined }): ServiceSecrets {
  if (!env.INTERNAL_SECRET && env.NODE_ENV === 'production')
    throw new OperatorError(
      'INTERNAL_SECRET',
      'is required when NODE_ENV=production (at least 32 random characters, known to the gateway and the subgraphs only)',
    );
  const internalSecret = env.INTERNAL_SECRET ?? loadOrCreateInternalSecret(env.DATA_DIR);
  for (const [name, value] of otherSecrets(env)) {
    if (value.trim() === internalSecret.trim()) throw new OperatorError('INTERNAL_SECRET', `must differ from every other secret, but equals ${name}`);
  }
  return { internalSecret };
}

/**
 * The users service's key for access tokens: AUTH_PRIVATE_KEY (PKCS#8 PEM, Ed25519 or P-256) when
 * set, required when NODE_ENV=production; else an Ed25519 key generated once into DATA_DIR.
 */
export async function resolveSigningKey(env: { NODE_ENV: string; DATA_DIR: string; AUTH_PRIVATE_KEY?: string | undefined }): Promise<AccessTokenSigningKey> {
  if (env.AUTH_PRIVATE_KEY) return signingKeyFromPem(env.AUTH_PRIVATE_KEY, 'AUTH_PRIVATE_KEY');
  if (env.NODE_ENV === 'production')
    throw new OperatorError(
      'AUTH_PRIVATE_KEY',
      'is required by the users service when NODE_ENV=production (a PKCS#8 PEM Ed25519 or P-256 private key, e.g. from `openssl genpkey -algorithm ed25519`)',
    );
  return signingKeyFromPem(loadOrCreateSigningKeyPem(env.DATA_DIR, generateSigningKeyPem), `${env.DATA_DIR}/auth-private-key.pem`);
}
