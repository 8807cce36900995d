import ts from 'typescript';
import type { SourceFinding } from './source-finding.js';

/** Kysely builder methods that start a query or a schema change: only repositories and migrations call them. */
const queryBuilders = new Set(['selectFrom', 'selectNoFrom', 'insertInto', 'replaceInto', 'updateTable', 'deleteFrom', 'mergeInto', 'createTable', 'alterTable', 'dropTable', 'createIndex', 'dropIndex', 'createSchema']);

/** Files that may hold SQL: repositories, migrations and the migration runner. */
export function mayHoldSql(path: string): boolean {
  return /\.repository\.ts$/.test(path) || /[\\/]migrations[\\/]/.test(path) || /[\\/]run-migrations\.ts$/.test(path);
}

/**
 * The SQL in one source file: calls of Kysely's query builders (`db.selectFrom(…)`), `sql` tagged
 * templates and `sql.raw`/`sql.ref`/… helpers. Empty for files that may hold SQL (`mayHoldSql`).
 */
export function sqlOutsideRepositories(file: string, text: string): SourceFinding[] {
  if (mayHoldSql(file)) return [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: SourceFinding[] = [];
  const report = (node: ts.Node, what: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    findings.push({ file, line, message: `${what} outside a repository or migration: ${node.getText(source).split('\n')[0]!.slice(0, 120)}` });
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && queryBuilders.has(node.expression.name.text)) {
      report(node, `query builder \`${node.expression.name.text}\``);
    } else if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'sql') {
      report(node, 'sql template');
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'sql' && !ts.isPropertyAccessExpression(node.parent)) {
      report(node, `\`sql.${node.name.text}\``);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}
