// The gateway loads core's base only: none of the database, subgraph-server or subgraph libraries that the full core
// barrel would bring in (about 60 MB of resident memory in a gateway process).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
/** Libraries only the subgraphs, the worker and the CLI need. */
const notForTheGateway = [
  'kysely',
  'pg',
  '@electric-sql/pglite',
  'kysely-pglite-dialect',
  'mercurius',
  'graphql-shield',
  'graphql-middleware',
  '@apollo/subgraph',
];

describe("the gateway's footprint", () => {
  it('importing the gateway resolves none of the database or subgraph-server libraries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cryptograph-footprint-'));
    const record = join(dir, 'resolved.txt');
    try {
      const { stdout } = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          '--import',
          new URL('./test-support/record-resolved-modules.mjs', import.meta.url).href,
          '--input-type=module',
          '-e',
          // The loader hooks see ESM imports; what CommonJS packages require() is in the require cache.
          "await import('@cryptograph/gateway'); const { createRequire } = await import('node:module'); " +
            "console.log(JSON.stringify(Object.keys(createRequire(process.cwd() + '/').cache)));",
        ],
        { cwd: import.meta.dirname, env: { ...process.env, RECORD_RESOLVED_MODULES: record }, timeout: 60_000 },
      );
      const required = JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
      expect(required.some((path) => path.includes('/node_modules/@apollo/gateway/'))).toBe(true);
      const resolved = [...readFileSync(record, 'utf8').split('\n'), ...required];
      // The probe works: the gateway's own libraries were seen.
      expect(resolved.some((url) => url.includes('/node_modules/@apollo/gateway/'))).toBe(true);
      expect(resolved.some((url) => url.includes('/packages/core/src/base.ts'))).toBe(true);
      expect(resolved.filter((url) => url.includes('/packages/core/src/index.ts'))).toEqual([]);
      const loaded = notForTheGateway.filter((name) => resolved.some((url) => url.includes(`/node_modules/${name}/`)));
      expect(loaded).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
