import { startOrExit } from '@cryptograph/core';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { composeEnvFile, generateComposeSecrets } from './compose-secrets.js';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

// `npm run compose:init [-- --dir <folder>]`: writes `.env` with fresh secrets next to
// docker-compose.yml (the repository root by default), never over an existing one.
startOrExit(async () => {
  const { values } = parseArgs({ options: { dir: { type: 'string' } }, strict: true });
  const path = join(values.dir ? resolve(values.dir) : repositoryRoot, '.env');
  if (existsSync(path)) {
    console.log(`${path} already exists: left as it is (delete it to generate new secrets). Next: docker compose up`);
    return;
  }
  const secrets = generateComposeSecrets();
  // `wx`: fails rather than overwrite a file created in the meantime; 0600: secrets are the owner's only.
  writeFileSync(path, composeEnvFile(secrets, new Date()), { flag: 'wx', mode: 0o600 });
  console.log(
    [
      `Wrote ${path} with fresh secrets: ${Object.keys(secrets)
        .filter((name) => name !== 'ADMIN_EMAIL')
        .join(', ')}.`,
      `First admin (created on start): ${secrets.ADMIN_EMAIL} / ${secrets.ADMIN_PASSWORD}; Grafana: admin / ${secrets.GRAFANA_ADMIN_PASSWORD}`,
      'Next: docker compose up',
    ].join('\n'),
  );
});
