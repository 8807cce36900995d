import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import type { SourceFinding } from './source-finding.js';
import { packageOf, type WorkspacePackage } from './workspace-packages.js';

/** The static part of a path literal: the whole string, or a template's text before its first `${…}`. */
function literalPrefix(node: ts.Expression | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text;
  return undefined;
}

/** True for `new URL(…, import.meta.url)`. */
function isUrlBesideModule(node: ts.NewExpression): boolean {
  const base = node.arguments?.[1];
  return ts.isIdentifier(node.expression) && node.expression.text === 'URL' && base !== undefined && ts.isPropertyAccessExpression(base) && base.getText() === 'import.meta.url';
}

/**
 * Relative paths in one file of `from` that reach into another workspace package: import and
 * export specifiers, `import(…)`, and `new URL(…, import.meta.url)`. Another package's code and
 * files are reached through that package's name and exports instead.
 */
export function crossPackagePaths(file: string, text: string, packages: readonly WorkspacePackage[]): SourceFinding[] {
  const from = packageOf(packages, file);
  if (!from) return [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: SourceFinding[] = [];
  const check = (node: ts.Node, path: string | undefined) => {
    if (!path?.startsWith('.')) return;
    const target = packageOf(packages, resolve(dirname(file), path));
    if (!target || target.dir === from.dir) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    findings.push({ file, line, message: `relative path "${path}" reaches into ${target.name}: import it by package name` });
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) check(node, literalPrefix(node.moduleSpecifier as ts.Expression));
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) check(node, literalPrefix(node.arguments[0]));
    else if (ts.isNewExpression(node) && isUrlBesideModule(node)) check(node, literalPrefix(node.arguments?.[0]));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}
