import { writeFileSync } from 'node:fs';
import { apiSchemaOf, readSchemaFile, undeclaredBreakingChanges } from './schema-check.js';

// `npm run schema:check`: fails on breaking changes of the composed API schema against the last
// released one (schema/released/api.graphql) unless schema/CHANGELOG.md declares them.
// `npm run schema:check -- --release` records the current API schema as released.
const current = apiSchemaOf(readSchemaFile('supergraph.graphql'));
if (process.argv.includes('--release')) {
  writeFileSync(new URL('released/api.graphql', import.meta.url), current);
  console.log('wrote schema/released/api.graphql');
} else {
  const breaking = undeclaredBreakingChanges(readSchemaFile('released/api.graphql'), current, readSchemaFile('CHANGELOG.md'));
  for (const change of breaking) console.error(`breaking: ${change.type} ${change.description}`);
  if (breaking.length > 0) {
    console.error(`${breaking.length} undeclared breaking change(s); declare them in schema/CHANGELOG.md as "- breaking: <TYPE> <description>".`);
    process.exit(1);
  }
  console.log('schema check: no undeclared breaking changes');
}
