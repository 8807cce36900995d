import { generateKeyPairSync, randomBytes } from 'node:crypto';

/** The secrets docker-compose.yml reads from `.env`, freshly generated. */
export interface ComposeSecrets {
  /** Signs the identities the gateway forwards to subgraphs; differs from every other secret. */
  readonly INTERNAL_SECRET: string;
  /** Ed25519 private key (PKCS#8 PEM) that signs access tokens; given to the users service only. */
  readonly AUTH_PRIVATE_KEY: string;
  /** Password of the compose Postgres server, also inside DATABASE_URL. */
  readonly POSTGRES_PASSWORD: string;
  /** Grafana's `admin` password. */
  readonly GRAFANA_ADMIN_PASSWORD: string;
  /** The first admin, created by the users service on start. */
  readonly ADMIN_EMAIL: string;
  readonly ADMIN_PASSWORD: string;
}

/** 32 random bytes as URL-safe text (43 characters): safe inside URLs and .env files unquoted. */
function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Generates every compose secret; each value is distinct from the others. */
export function generateComposeSecrets(): ComposeSecrets {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    INTERNAL_SECRET: randomSecret(),
    AUTH_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    POSTGRES_PASSWORD: randomSecret(),
    GRAFANA_ADMIN_PASSWORD: randomSecret(),
    ADMIN_EMAIL: 'admin@example.com',
    // A letter, a digit and a symbol whatever the random part holds, for any password policy.
    ADMIN_PASSWORD: `${randomBytes(18).toString('base64url')}-a7`,
  };
}

/**
 * The `.env` text for `secrets`: one `NAME=value` per line; the PEM key as one double-quoted line
 * with `\n` escapes, which docker compose (v1 and v2) expands back into the multi-line PEM.
 */
export function composeEnvFile(secrets: ComposeSecrets, writtenAt: Date): string {
  const lines = Object.entries(secrets).map(([name, value]) => (value.includes('\n') ? `${name}="${value.replaceAll('\n', '\\n')}"` : `${name}=${value}`));
  return [
    `# Secrets for docker-compose.yml, written by \`npm run compose:init\` on ${writtenAt.toISOString()}.`,
    '# Keep this file private. compose:init never overwrites it: delete it to generate new secrets.',
    ...lines,
    '',
  ].join('\n');
}
