import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commonEnvShape } from './common-env.js';
import { parseEnv } from './parse-env.js';
import { resolveSecrets, resolveSigningKey } from './secrets-env.js';
import { z } from 'zod';

const dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-secrets-test-'));
const secret = 's'.repeat(40);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'accepted';
}

describe('resolveSecrets', () => {
  it('refuses an INTERNAL_SECRET equal to any other secret, naming INTERNAL_SECRET and the other one', () => {
    const base = { NODE_ENV: 'production', DATA_DIR: dataDir, INTERNAL_SECRET: secret };
    expect(refusal(() => resolveSecrets({ ...base, ADMIN_PASSWORD: secret } as never))).toBe(
      'OperatorError: INTERNAL_SECRET: must differ from every other secret, but equals ADMIN_PASSWORD',
    );
    expect(refusal(() => resolveSecrets({ ...base, AUTH_PRIVATE_KEY: ` ${secret}\n` } as never))).toMatch(
      /^OperatorError: INTERNAL_SECRET: .* equals AUTH_PRIVATE_KEY$/,
    );
    expect(refusal(() => resolveSecrets({ ...base, DATABASE_URL: `postgres://app:${secret}@db/app` } as never))).toMatch(
      /equals the password in DATABASE_URL$/,
    );
    expect(refusal(() => resolveSecrets({ ...base, REDIS_URL: `redis://:${encodeURIComponent(secret)}@cache:6379` } as never))).toMatch(
      /equals the password in REDIS_URL$/,
    );
    expect(resolveSecrets({ ...base, ADMIN_PASSWORD: 'another one entirely', DATABASE_URL: 'postgres://app:other@db/app' } as never)).toEqual({
      internalSecret: secret,
    });
  });

  it('requires INTERNAL_SECRET in production, and generates one into DATA_DIR otherwise', () => {
    expect(refusal(() => resolveSecrets({ NODE_ENV: 'production', DATA_DIR: dataDir }))).toMatch(
      /^OperatorError: INTERNAL_SECRET: is required when NODE_ENV=production/,
    );
    const generated = resolveSecrets({ NODE_ENV: 'development', DATA_DIR: dataDir }).internalSecret;
    expect(generated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(resolveSecrets({ NODE_ENV: 'development', DATA_DIR: dataDir }).internalSecret).toBe(generated);
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('refuses a leftover JWT_SECRET with one line naming it', () => {
    const schema = z.object(commonEnvShape);
    expect(refusal(() => parseEnv(schema, { JWT_SECRET: 'x'.repeat(40) }))).toMatch(
      /JWT_SECRET: is no longer used: access tokens are signed with AUTH_PRIVATE_KEY/,
    );
  });
});

describe('resolveSigningKey', () => {
  it('reads AUTH_PRIVATE_KEY (also with \\n escapes), and generates an Ed25519 key into DATA_DIR when it is not set', async () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const fromEnv = await resolveSigningKey({ NODE_ENV: 'production', DATA_DIR: dataDir, AUTH_PRIVATE_KEY: pem });
    const escaped = await resolveSigningKey({ NODE_ENV: 'production', DATA_DIR: dataDir, AUTH_PRIVATE_KEY: pem.replace(/\n/g, '\\n') });
    expect(escaped.kid).toBe(fromEnv.kid);
    expect(fromEnv.alg).toBe('EdDSA');
    const generated = await resolveSigningKey({ NODE_ENV: 'development', DATA_DIR: dataDir });
    expect((await resolveSigningKey({ NODE_ENV: 'test', DATA_DIR: dataDir })).kid).toBe(generated.kid);
    expect(readFileSync(join(dataDir, 'auth-private-key.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(statSync(join(dataDir, 'auth-private-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('refuses a missing key in production and unusable keys with one line naming AUTH_PRIVATE_KEY', async () => {
    const attempt = async (value: string | undefined) => {
      try {
        await resolveSigningKey({ NODE_ENV: 'production', DATA_DIR: dataDir, AUTH_PRIVATE_KEY: value });
        return 'accepted';
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    };
    expect(await attempt(undefined)).toMatch(/^OperatorError: AUTH_PRIVATE_KEY: is required by the users service when NODE_ENV=production/);
    expect(await attempt('k'.repeat(40))).toMatch(/^OperatorError: AUTH_PRIVATE_KEY: must be an unencrypted PKCS#8 PEM private key/);
    expect(await attempt('-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----')).toBe(
      'OperatorError: AUTH_PRIVATE_KEY: is not a readable PKCS#8 PEM private key',
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(await attempt(rsa)).toBe('OperatorError: AUTH_PRIVATE_KEY: must be an Ed25519 or P-256 (prime256v1) private key');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(await attempt(p384)).toBe('OperatorError: AUTH_PRIVATE_KEY: must be an Ed25519 or P-256 (prime256v1) private key');
    for (const message of [await attempt(undefined), await attempt(rsa)]) expect(message).not.toContain('\n');
  });
});
