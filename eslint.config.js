// @ts-check
import js from '@eslint/js';
import { houseRulesPlugin } from '@cryptograph/testing/house-rules-plugin';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/** Test code: tests, test support, end-to-end scenarios and benchmarks. */
const testCode = ['**/*.test.ts', '**/test-support/**', '**/src/testing/**', '**/test-fixtures/**', 'packages/testing/**', 'e2e/**', 'bench/**'];

/** Kysely's builders that start a query or a schema change, and its schema introspection. */
const queryBuilders =
  'selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|withRecursive|' +
  'createTable|alterTable|dropTable|createIndex|dropIndex|createSchema|dropSchema|createView|dropView|createType|dropType|refreshMaterializedView|' +
  // db.introspection's readers (`introspection` alone is also a GraphQL word).
  'getTables|getSchemas|getMetadata';
/** Calls that run SQL text: kysely's `executeQuery`, pg-boss's `executeSql` and `getDb` (its connection for raw SQL). */
const sqlRunners = 'executeQuery|executeSql|getDb';
const sqlOnlyInRepositories = 'SQL belongs in a *.repository.ts file (or a migration): call a repository function instead.';

/**
 * Selectors of reading a member named by `names` (a regex alternation) of `object` (a selector
 * qualifier; any object when empty): `a.name`, `a['name']`, `` a[`name`] `` (called or not: `.bind`,
 * a stored reference).
 * @param {string} names
 * @param {string} [object]
 */
function memberRead(names, object = '') {
  const name = `/^(${names})$/`;
  return [
    `MemberExpression${object}[computed=false][property.name=${name}]`,
    `MemberExpression${object}[computed=true][property.value=${name}]`,
    `MemberExpression${object}[computed=true][property.type='TemplateLiteral'][property.expressions.length=0][property.quasis.0.value.cooked=${name}]`,
  ];
}

/**
 * Selectors of a member named by `names` however it is written: read (see `memberRead`), and
 * destructured anywhere: `const { name } = a`, `({ name } = a)`, a parameter `({ name }: Db) => …`.
 * @param {string} names
 */
function memberNamed(names) {
  const name = `/^(${names})$/`;
  return [...memberRead(names), `ObjectPattern > Property[computed=false][key.name=${name}]`, `ObjectPattern > Property[computed=true][key.value=${name}]`];
}

/** `no-restricted-syntax` entries: SQL outside repositories and migrations. */
const sqlSyntax = [
  ...memberNamed(queryBuilders).map((selector) => ({ selector, message: `Query builder outside a repository. ${sqlOnlyInRepositories}` })),
  ...memberNamed(sqlRunners).map((selector) => ({ selector, message: `Raw SQL call outside a repository. ${sqlOnlyInRepositories}` })),
  { selector: "TaggedTemplateExpression[tag.name='sql']", message: `sql template outside a repository. ${sqlOnlyInRepositories}` },
  { selector: "MemberExpression[object.name='sql']", message: `sql helper outside a repository. ${sqlOnlyInRepositories}` },
  // `import()` is not seen by no-restricted-imports: kysely and the pg driver may not be loaded that way either.
  ...['kysely', 'pg', 'pg-pool', 'pg-native'].map((name) => ({
    selector: `ImportExpression[source.value='${name}']`,
    message: `Dynamic import of ${name} outside a repository. ${sqlOnlyInRepositories}`,
  })),
];
/**
 * `no-restricted-imports` entries: kysely's raw SQL (`sql`, `CompiledQuery`) and the pg driver (whose
 * pools and clients run SQL text) outside repositories, migrations and the database setup. pg-boss
 * itself may be imported (the queue constructs it, sends and fetches jobs); its SQL calls are caught
 * by `sqlRunners` above.
 */
const sqlImports = [
  { name: 'kysely', importNames: ['sql', 'CompiledQuery'], message: sqlOnlyInRepositories },
  ...['pg', 'pg-pool', 'pg-native'].map((name) => ({
    name,
    message: `The pg driver runs SQL text: only repositories, migrations and the database setup (packages/core/src/db) use it. ${sqlOnlyInRepositories}`,
  })),
];

const envOnlyInEnvModules = "Read the environment through the service's typed env module (env.ts, *-env.ts, env/), parsed once at start.";
/** `process` however it is reached: `process`, `globalThis.process`, `global['process']`. */
const processObject = [
  "[object.type='Identifier'][object.name='process']",
  "[object.type='MemberExpression'][object.computed=false][object.property.name='process']",
  "[object.type='MemberExpression'][object.computed=true][object.property.value='process']",
];
/** A variable initialized with `process` or `globalThis.process` / `global['process']`. */
const processInits = ["[init.name='process']", "[init.property.name='process']", "[init.property.value='process']"];
/** `no-restricted-syntax` entries: `process.env` outside env modules. */
const envSyntax = [
  ...processObject
    .flatMap((object) => memberRead('env', object))
    .map((selector) => ({ selector, message: `process.env outside an env module. ${envOnlyInEnvModules}` })),
  ...processInits.map((init) => ({
    selector: `VariableDeclarator${init} > ObjectPattern > Property[key.name='env']`,
    message: `process.env outside an env module. ${envOnlyInEnvModules}`,
  })),
  // `process` under another name (`const p = process; p.env`) or handed whole to a function (which
  // then reads its env) would hide the read from the selectors above.
  ...processInits.map((init) => ({
    selector: `VariableDeclarator${init} > Identifier.id`,
    message: `process under another name outside an env module. ${envOnlyInEnvModules}`,
  })),
  {
    selector: "CallExpression > Identifier.arguments[name='process']",
    message: `process handed whole to a function outside an env module. ${envOnlyInEnvModules}`,
  },
];
/** `no-restricted-imports` entries: `env` of node:process, and the whole module by its default export, outside env modules. */
const envImports = ['process', 'node:process'].map((name) => ({ name, importNames: ['env', 'default'], message: envOnlyInEnvModules }));

/** Env modules: the only files that read `process.env`. */
const envModules = ['**/env.ts', '**/*-env.ts', '**/env/**'];

/**
 * Entry points that hand `process.env` to their env module (or set a variable a library reads),
 * each with its reason.
 */
const envEntryPoints = [
  // Each service's main: parses process.env once with its env module and passes the result on.
  'gateway/src/main.ts',
  'subgraphs/*/src/main.ts',
  'subgraphs/predictions/src/worker-main.ts',
  // `npm start`: hands process.env to startStack, which parses every service's env module.
  'apps/cryptograph/src/start.ts',
  // CLI commands: each parses process.env with the env module of the service it runs.
  'apps/cryptograph/src/commands/{create-admin,import-candles,replay,train}.ts',
  // The telemetry bootstrap, imported before anything else: its default is loadTelemetryEnv(process.env).
  'otel/src/start-telemetry.ts',
  // @apollo/gateway reads APOLLO_TELEMETRY_DISABLED from process.env only (no option): this writes it.
  'gateway/src/telemetry/apollo-telemetry.ts',
  // Standalone examples for third-party developers, configured like any script they would write.
  'docs/examples/*.ts',
  // Test runner configuration: sets NODE_OPTIONS for the workers and reads CI.
  'vitest.config.ts',
  'vitest.global-setup.ts',
];

/** Both boundary rule sets for a file, minus what the file may do. */
function boundaries({ sql = true, env = true } = {}) {
  const syntax = [...(sql ? sqlSyntax : []), ...(env ? envSyntax : [])];
  const paths = [...(sql ? sqlImports : []), ...(env ? envImports : [])];
  // A rule given a severity alone keeps the options of an earlier config: switch it off instead.
  return {
    'no-restricted-syntax': syntax.length > 0 ? ['error', ...syntax] : 'off',
    'no-restricted-imports': paths.length > 0 ? ['error', { paths }] : 'off',
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/build/**',
      '**/dist/**',
      '**/coverage/**',
      '**/.turbo/**',
      '**/.data/**',
      '.test-artifacts/**',
      '**/generated/**',
      'web/screenshots/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['web/src/**', 'gateway/src/graphiql/browser/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    plugins: { 'house-rules': houseRulesPlugin },
    rules: {
      'house-rules/no-relative-path-into-package': ['error', { root }],
      ...boundaries(),
      // With noUncheckedIndexedAccess on, `!` marks an index the code has just bounded (a loop over
      // the same array, a regex group that matched); the compiler already checks every other case.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A callback made before a late-bound variable is assigned (an `onEnd` that ends the stream
      // opened later) reads it first: that `let` stays.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  // Svelte 5 declares `$props()` and `$derived` with `let`: the Svelte-aware rule knows runes.
  { files: ['**/*.svelte', '**/*.svelte.ts'], rules: { 'prefer-const': 'off', 'svelte/prefer-const': ['error', { ignoreReadBeforeAssign: true }] } },
  // Repositories, migrations, the migration runner and the database setup (pg pools) hold the SQL.
  {
    files: ['**/*.repository.ts', '**/migrations/**', '**/run-migrations.ts', 'packages/core/src/db/database-connection.ts'],
    rules: boundaries({ sql: false }),
  },
  // A migration sees the schema as it was at its time, not today's table types: `Kysely<any>`.
  { files: ['**/migrations/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: envModules, rules: boundaries({ env: false }) },
  { files: envEntryPoints, rules: boundaries({ env: false }) },
  // Tests assert on stored rows and start processes with the runner's environment (PATH, CI,
  // CHROMIUM_PATH), benchmarks read their knobs: the boundaries are for application and library code.
  { files: testCode, rules: boundaries({ sql: false, env: false }) },
  // Tests read JSON answers (GraphQL results, manifests, protocol frames) in the shape their own
  // query or fixture selected; restating each shape as a type would repeat the query beside it.
  { files: testCode, rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  prettier,
  // Prettier wraps code at 160 columns but never comments or long string literals: comments are held
  // to the same width here (strings, template literals and URLs may run longer; a test name or a
  // message reads better whole than split).
  {
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/max-len': ['error', { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
);
