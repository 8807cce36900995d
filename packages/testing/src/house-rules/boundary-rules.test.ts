import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../service-process.js';

// The repository's own eslint.config.js, run on code placed (by its path) where each rule applies.
// `npm run lint` (part of `npm test`) holds every file of the tree to the same rules.
const eslint = new ESLint({ cwd: repositoryRoot });

/** `line rule: message` for every finding ESLint reports on `text` as if it stood at `path`. */
async function findings(path: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: join(repositoryRoot, path) });
  return result!.messages.map((message) => `${message.line} ${message.ruleId ?? 'fatal'}: ${message.message}`);
}

const builderInResolver = [
  '/** Job queries. */',
  'export const jobResolvers = {',
  "  Query: { job: (_parent: unknown, { id }: { id: string }, { db }: { db: Db }) => db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst() },",
  '};',
  "import type { Db } from './db.js';",
].join('\n');
const sqlInService = [
  "import { sql } from 'kysely';",
  '/** Now. */',
  'export const now = (db: never) => sql`select now()`.execute(db);',
  '/** A column. */',
  "export const column = () => sql.ref('jobs.id');",
].join('\n');
const rawSql = [
  "import { CompiledQuery } from 'kysely';",
  "import type PgBoss from 'pg-boss';",
  "import type { Db } from './db.js';",
  '/** Now, through kysely. */',
  "export const now = (db: Db) => db.executeQuery(CompiledQuery.raw('select now()'));",
  '/** Now, through pg-boss. */',
  "export const bossNow = (boss: PgBoss) => boss.getDb().executeSql('select now()');",
  '/** A stored runner. */',
  "export const runner = (db: Db) => db['executeQuery'];",
].join('\n');
const sqlOutside = 'SQL belongs in a *.repository.ts file (or a migration): call a repository function instead.';

describe('lint boundary: SQL only in repositories and migrations', () => {
  it('fails a query builder in a resolver', async () => {
    expect(await findings('subgraphs/predictions/src/jobs/job.resolvers.ts', builderInResolver)).toEqual([
      `3 no-restricted-syntax: Query builder outside a repository. ${sqlOutside}`,
    ]);
  });

  it('fails the sql import, a sql template and a sql helper in a service', async () => {
    expect(await findings('subgraphs/predictions/src/jobs/job.service.ts', sqlInService)).toEqual([
      `1 no-restricted-imports: 'sql' import from 'kysely' is restricted. ${sqlOutside}`,
      `3 no-restricted-syntax: sql template outside a repository. ${sqlOutside}`,
      `5 no-restricted-syntax: sql helper outside a repository. ${sqlOutside}`,
    ]);
  });

  it('fails a query builder reached by a computed name, a template name, destructuring or a stored reference', async () => {
    const text = [
      "import type { Db } from './db.js';",
      '/** Dodges. */',
      'export const dodges = (db: Db) => [',
      "  db['selectFrom']('jobs'),",
      "  db[`insertInto`]('jobs'),",
      '  db.updateTable.bind(db),',
      '];',
      'export const { deleteFrom } = {} as Db;',
    ].join('\n');
    expect(await findings('subgraphs/predictions/src/jobs/job.service.ts', text)).toEqual([
      `4 no-restricted-syntax: Query builder outside a repository. ${sqlOutside}`,
      `5 no-restricted-syntax: Query builder outside a repository. ${sqlOutside}`,
      `6 no-restricted-syntax: Query builder outside a repository. ${sqlOutside}`,
      `8 no-restricted-syntax: Query builder outside a repository. ${sqlOutside}`,
    ]);
  });

  it('fails a query builder destructured in a parameter or an assignment, a schema builder, introspection and a dynamic import of kysely', async () => {
    const text = [
      "import type { Db } from './db.js';",
      '/** Dodges. */',
      "export const fromParameter = ({ selectFrom }: Db) => selectFrom('jobs');",
      '/** Assigned. */',
      'export let sf: unknown;',
      'export const assigned = (db: Db) => ({ selectFrom: sf } = db);',
      '/** Schema. */',
      "export const schema = (db: Db) => [db.schema.dropSchema('jobs'), db.schema.createType('stage'), db.schema.dropView('v')];",
      '/** Tables. */',
      'export const tables = (db: Db) => db.introspection.getTables();',
      '/** Raw. */',
      "export const raw = async () => (await import('kysely')).sql;",
    ].join('\n');
    expect(await findings('subgraphs/predictions/src/jobs/job.resolvers.ts', text)).toEqual([
      `3 no-restricted-syntax: Query builder outside a repository. ${sqlOutside}`,
      `6 no-restricted-syntax: Query builder outside a repository. ${sqlOutside}`,
      `8 no-restricted-syntax: Query builder outside a repository. ${sqlOutside}`,
      `8 no-restricted-syntax: Query builder outside a repository. ${sqlOutside}`,
      `8 no-restricted-syntax: Query builder outside a repository. ${sqlOutside}`,
      `10 no-restricted-syntax: Query builder outside a repository. ${sqlOutside}`,
      `12 no-restricted-syntax: Dynamic import of kysely outside a repository. ${sqlOutside}`,
    ]);
  });

  it("fails raw SQL: kysely's CompiledQuery and executeQuery, pg-boss's getDb and executeSql", async () => {
    expect(await findings('subgraphs/predictions/src/jobs/job-queue.ts', rawSql)).toEqual([
      `1 no-restricted-imports: 'CompiledQuery' import from 'kysely' is restricted. ${sqlOutside}`,
      `5 no-restricted-syntax: Raw SQL call outside a repository. ${sqlOutside}`,
      `7 no-restricted-syntax: Raw SQL call outside a repository. ${sqlOutside}`,
      `7 no-restricted-syntax: Raw SQL call outside a repository. ${sqlOutside}`,
      `9 no-restricted-syntax: Raw SQL call outside a repository. ${sqlOutside}`,
    ]);
  });

  it('fails the pg driver outside repositories, migrations and the database setup; lets the queue construct pg-boss', async () => {
    const text = ["import pg from 'pg';", '/** A pool. */', 'export const pool = new pg.Pool();'].join('\n');
    expect(await findings('subgraphs/market/src/prices/price.service.ts', text)).toEqual([
      `1 no-restricted-imports: 'pg' import is restricted from being used. The pg driver runs SQL text: only repositories, migrations and the database setup (packages/core/src/db) use it. ${sqlOutside}`,
    ]);
    expect(await findings('packages/core/src/db/database-connection.ts', text)).toEqual([]);
    const queue = ["import PgBoss from 'pg-boss';", '/** The queue. */', "export const boss = new PgBoss({ connectionString: 'postgres://db' });"].join('\n');
    expect(await findings('subgraphs/predictions/src/jobs/pg-boss-queue.ts', queue)).toEqual([]);
  });

  it('lets repositories and migrations hold it', async () => {
    expect(await findings('subgraphs/predictions/src/jobs/job.repository.ts', builderInResolver)).toEqual([]);
    expect(await findings('subgraphs/predictions/src/jobs/job.repository.ts', sqlInService)).toEqual([]);
    expect(await findings('subgraphs/predictions/src/db/migrations/0099-more.ts', sqlInService)).toEqual([]);
    expect(await findings('subgraphs/predictions/src/jobs/pg-boss-lease.repository.ts', rawSql)).toEqual([]);
  });
});

const envOutside = "Read the environment through the service's typed env module (env.ts, *-env.ts, env/), parsed once at start.";

describe('lint boundary: process.env only in env modules and the named entry points', () => {
  it('fails process.env read, destructured or imported in a module that is not an env module', async () => {
    const text = [
      "import { env } from 'node:process';",
      '/** The port. */',
      'export const port = Number(process.env.PORT ?? env.PORT);',
      'const { env: all } = process;',
      '/** Everything. */',
      'export const everything = all;',
    ].join('\n');
    expect(await findings('gateway/src/http/listen-port.ts', text)).toEqual([
      `1 no-restricted-imports: 'env' import from 'node:process' is restricted. ${envOutside}`,
      `3 no-restricted-syntax: process.env outside an env module. ${envOutside}`,
      `4 no-restricted-syntax: process.env outside an env module. ${envOutside}`,
    ]);
  });

  it('fails process.env reached by a computed name or through globalThis', async () => {
    const text = [
      "export const a = process['env'].PORT;",
      'export const b = process[`env`].PORT;',
      'export const c = globalThis.process.env.PORT;',
      "export const d = globalThis['process']['env'].PORT;",
      'export const { env: e } = globalThis.process;',
    ].join('\n');
    expect(await findings('gateway/src/http/listen-port.ts', text)).toEqual(
      [1, 2, 3, 4, 5].map((line) => `${line} no-restricted-syntax: process.env outside an env module. ${envOutside}`),
    );
  });

  it('fails process imported whole, kept under another name or handed whole to a function', async () => {
    const text = [
      "import proc from 'node:process';",
      '/** Aliased. */',
      'export const p = process;',
      '/** Handed whole. */',
      'export const port = ((source: NodeJS.Process) => source.env.PORT)(process);',
      '/** Used. */',
      'export const used = proc;',
    ].join('\n');
    expect(await findings('gateway/src/http/listen-port.ts', text)).toEqual([
      `1 no-restricted-imports: 'default' import from 'node:process' is restricted. ${envOutside}`,
      `3 no-restricted-syntax: process under another name outside an env module. ${envOutside}`,
      `5 no-restricted-syntax: process handed whole to a function outside an env module. ${envOutside}`,
    ]);
  });

  it('lets env modules and the named entry points read it', async () => {
    const text = '/** The port. */\nexport const port = Number(process.env.PORT);\n';
    for (const path of ['gateway/src/env.ts', 'packages/core/src/env/common-env.ts', 'otel/src/telemetry-env.ts', 'subgraphs/market/src/main.ts']) {
      expect(await findings(path, text), path).toEqual([]);
    }
  });
});

const crossing = (path: string, target: string) =>
  `house-rules/no-relative-path-into-package: Relative path "${path}" reaches into ${target}: import it by package name (and export what you need from it).`;

describe('lint boundary: no relative path reaches into another package', () => {
  it('fails imports, re-exports, dynamic imports and module-relative URLs into another package', async () => {
    const text = [
      "import { apiKeyScopes } from '../../../packages/core/src/identity/api-key-contract.js';",
      "export { ErrorCode } from '../../../packages/core/src/errors/error-code.js';",
      "const sdl = new URL('../../../schema/users.graphql', import.meta.url);",
      'const data = (symbol: string) => new URL(`../../market/data/${symbol}-USD_1d.csv.gz`, import.meta.url);',
      "const later = () => import('../../../gateway/src/env.js');",
      '/** Used. */',
      'export const used = [apiKeyScopes, sdl, data, later];',
    ].join('\n');
    expect(await findings('subgraphs/users/src/service.ts', text)).toEqual([
      `1 ${crossing('../../../packages/core/src/identity/api-key-contract.js', '@cryptograph/core')}`,
      `2 ${crossing('../../../packages/core/src/errors/error-code.js', '@cryptograph/core')}`,
      `3 ${crossing('../../../schema/users.graphql', '@cryptograph/schema')}`,
      `4 ${crossing('../../market/data/', '@cryptograph/market')}`,
      `5 ${crossing('../../../gateway/src/env.js', '@cryptograph/gateway')}`,
    ]);
  });

  it('fails paths joined from the own folder and createRequire paths into another package', async () => {
    const text = [
      "import { createRequire } from 'node:module';",
      "import path, { join, resolve } from 'node:path';",
      "const build = join(import.meta.dirname, '../../../web/build');",
      "const sdl = path.resolve(import.meta.dirname, '..', '..', '..', 'schema', 'users.graphql');",
      'const data = (symbol: string) => resolve(import.meta.dirname, `../../../subgraphs/market/data/${symbol}.csv`);',
      "const core = createRequire(import.meta.url)('../../../packages/core/package.json');",
      "const own = join(import.meta.dirname, 'graphiql', 'index.html');",
      '/** Used. */',
      'export const used = [build, sdl, data, core, own];',
    ].join('\n');
    expect(await findings('gateway/src/http/web-app.ts', text)).toEqual([
      `3 ${crossing('./../../../web/build', '@cryptograph/web')}`,
      `4 ${crossing('./../../../schema/users.graphql', '@cryptograph/schema')}`,
      `5 ${crossing('./../../../subgraphs/market/data/', '@cryptograph/market')}`,
      `6 ${crossing('../../../packages/core/package.json', '@cryptograph/core')}`,
    ]);
  });

  it("allows the package's own files, other packages by name, and the repository root", async () => {
    const text = [
      "import { ErrorCode } from '@cryptograph/core';",
      "import { usersResolvers } from './resolvers.js';",
      "const migrations = new URL('./db/migrations/', import.meta.url);",
      "const root = new URL('../../../', import.meta.url);",
      '/** Used. */',
      'export const used = [ErrorCode, usersResolvers, migrations, root];',
    ].join('\n');
    expect(await findings('subgraphs/users/src/service.ts', text)).toEqual([]);
  });
});

describe('lint: line width', () => {
  it('fails a comment past 160 columns, which Prettier does not wrap, and lets a long string literal be', async () => {
    const text = [
      `// ${'a comment that runs on '.repeat(7)}`,
      `export const message = '${'a message that reads better whole '.repeat(5)}';`,
      '/** A short comment. */',
      'export const short = 1;',
    ].join('\n');
    expect(await findings('gateway/src/auth/long-lines.ts', text)).toEqual(['1 @stylistic/max-len: This line has a length of 164. Maximum allowed is 160.']);
  });
});
