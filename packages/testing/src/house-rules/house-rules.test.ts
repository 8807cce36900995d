import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../service-process.js';
import { crossPackagePaths } from './cross-package-paths.js';
import { sqlOutsideRepositories } from './sql-outside-repositories.js';
import { typeScriptFiles, workspacePackages } from './workspace-packages.js';

const packages = workspacePackages(repositoryRoot);
const where = (findings: { file: string; line: number; message: string }[]) => findings.map((finding) => `${relative(repositoryRoot, finding.file)}:${finding.line} ${finding.message}`);

/** Application and library code: tests, test support, end-to-end scenarios and benchmarks left out. */
const productionFiles = packages
  .filter((pkg) => !['@cryptograph/e2e', '@cryptograph/bench'].includes(pkg.name))
  .flatMap((pkg) => typeScriptFiles(pkg.dir))
  .filter((file) => !/\.test\.ts$|[\\/]test-support[\\/]|[\\/]test-fixtures[\\/]|[\\/]testing[\\/]/.test(file));

describe('house rule: only repositories and migrations hold SQL', () => {
  it('holds for every application and library file', () => {
    expect(productionFiles.length).toBeGreaterThan(200);
    expect(where(productionFiles.flatMap((file) => sqlOutsideRepositories(file, readFileSync(file, 'utf8'))))).toEqual([]);
  });

  it('catches a query builder in a resolver and SQL in a service, and lets repositories and migrations hold it', () => {
    const resolver = `export const jobResolvers = {\n  Query: {\n    job: (_parent, { id }, { db }) => db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst(),\n  },\n};\n`;
    const service = "import { sql } from 'kysely';\nexport const now = (db) => sql`select now()`.execute(db);\nexport const column = () => sql.ref('jobs.id');\n";
    expect(where(sqlOutsideRepositories(join(repositoryRoot, 'subgraphs/predictions/src/jobs/job.resolvers.ts'), resolver))).toEqual([
      "subgraphs/predictions/src/jobs/job.resolvers.ts:3 query builder `selectFrom` outside a repository or migration: db.selectFrom('jobs')",
    ]);
    expect(where(sqlOutsideRepositories(join(repositoryRoot, 'subgraphs/predictions/src/jobs/job.service.ts'), service)).map((line) => line.split(' outside')[0])).toEqual([
      'subgraphs/predictions/src/jobs/job.service.ts:2 sql template',
      'subgraphs/predictions/src/jobs/job.service.ts:3 `sql.ref`',
    ]);
    expect(sqlOutsideRepositories(join(repositoryRoot, 'subgraphs/predictions/src/jobs/job.repository.ts'), resolver + service)).toEqual([]);
    expect(sqlOutsideRepositories(join(repositoryRoot, 'subgraphs/predictions/src/db/migrations/0009-more.ts'), "export const up = (db) => db.schema.createTable('x').execute();")).toEqual([]);
  });
});

describe('house rule: no relative path reaches into another package', () => {
  it('holds for every file of every package, tests and benchmarks included', () => {
    const files = packages.flatMap((pkg) => typeScriptFiles(pkg.dir));
    expect(where(files.flatMap((file) => crossPackagePaths(file, readFileSync(file, 'utf8'), packages)))).toEqual([]);
  });

  it('catches imports, dynamic imports and module-relative URLs into another package, and allows the package\'s own files', () => {
    const file = join(repositoryRoot, 'subgraphs/users/src/service.ts');
    const text = [
      "import { apiKeyScopes } from '../../../packages/core/src/identity/api-key-contract.js';",
      "const sdl = new URL('../../../schema/users.graphql', import.meta.url);",
      'const data = (symbol: string) => new URL(`../../market/data/${symbol}-USD_1d.csv.gz`, import.meta.url);',
      "const later = () => import('../../../gateway/src/env.js');",
      "import { usersResolvers } from './resolvers.js';",
      "const migrations = new URL('./db/migrations/', import.meta.url);",
      "const root = new URL('../../../', import.meta.url);",
    ].join('\n');
    expect(where(crossPackagePaths(file, text, packages))).toEqual([
      'subgraphs/users/src/service.ts:1 relative path "../../../packages/core/src/identity/api-key-contract.js" reaches into @cryptograph/core: import it by package name',
      'subgraphs/users/src/service.ts:2 relative path "../../../schema/users.graphql" reaches into @cryptograph/schema: import it by package name',
      'subgraphs/users/src/service.ts:3 relative path "../../market/data/" reaches into @cryptograph/market: import it by package name',
      'subgraphs/users/src/service.ts:4 relative path "../../../gateway/src/env.js" reaches into @cryptograph/gateway: import it by package name',
    ]);
  });
});
