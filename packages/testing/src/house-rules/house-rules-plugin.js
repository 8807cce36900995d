// @ts-check
// Plain JavaScript (type-checked through JSDoc) because the root eslint.config.js loads it without a
// TypeScript loader.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** @typedef {{ readonly name: string; readonly dir: string }} WorkspacePackage */
/** @typedef {import('eslint').Rule.RuleModule} RuleModule */
/** @typedef {import('estree').Node} Node */

/**
 * The workspace packages the root package.json at `root` declares (`apps/*`, `gateway`, …), resolved to their folders.
 * @param {string} root
 * @returns {WorkspacePackage[]}
 */
function workspacePackages(root) {
  /** @type {{ workspaces?: string[] }} */
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dirs = (manifest.workspaces ?? []).flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [join(root, pattern)];
    const parent = join(root, pattern.slice(0, -2));
    return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
  });
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ name: /** @type {{ name: string }} */ (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).name, dir }));
}

/**
 * The package whose folder holds `path`; undefined for the repository's own files (root configuration, docs).
 * @param {readonly WorkspacePackage[]} packages
 * @param {string} path
 */
function packageOf(packages, path) {
  return packages.find((pkg) => {
    const inside = relative(pkg.dir, path);
    return inside === '' || (!inside.startsWith('..') && !inside.startsWith(sep));
  });
}

/**
 * The static part of a path literal: the whole string, or a template's text before its first `${…}`.
 * @param {Node | null | undefined} node
 * @returns {string | undefined}
 */
function literalPrefix(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral') return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/**
 * True for `import.meta.url`.
 * @param {Node | undefined} node
 */
function isImportMetaUrl(node) {
  return node?.type === 'MemberExpression' && node.object.type === 'MetaProperty' && node.property.type === 'Identifier' && node.property.name === 'url';
}

/**
 * True for the folder of the file itself: `import.meta.dirname` or `__dirname`.
 * @param {Node | undefined} node
 */
function isOwnFolder(node) {
  if (node?.type === 'Identifier') return node.name === '__dirname';
  return node?.type === 'MemberExpression' && node.object.type === 'MetaProperty' && node.property.type === 'Identifier' && node.property.name === 'dirname';
}

/**
 * True for `join`/`resolve`, called bare (imported from node:path) or as `path.join`/`path.resolve`.
 * @param {Node} callee
 */
function isPathJoin(callee) {
  const name =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : '';
  return name === 'join' || name === 'resolve';
}

/**
 * The static path segments after a folder in `join(folder, 'a', `b/${x}`)`: literals up to the first
 * dynamic part (a template's text before its first `${…}` included).
 * @param {readonly Node[]} args
 */
function staticSegments(args) {
  /** @type {string[]} */
  const segments = [];
  for (const arg of args) {
    const prefix = literalPrefix(arg);
    if (prefix === undefined) break;
    segments.push(prefix);
    if (arg.type === 'TemplateLiteral' && arg.expressions.length > 0) break;
  }
  return segments;
}

/**
 * Relative paths that reach into another workspace package: import and export specifiers,
 * `import(…)`, `new URL(…, import.meta.url)`, `join`/`resolve` from `import.meta.dirname` (or
 * `__dirname`), and `createRequire(import.meta.url)(…)`. No published rule covers the last four
 * (`import/no-relative-packages` sees module specifiers only, and needs a resolver), and a
 * `new URL` or `join` path is how a package's files (SDL, data, a web build) were reached before.
 * @type {RuleModule}
 */
const noRelativePathIntoPackage = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid relative paths that reach into another workspace package; import it by package name.' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, required: ['root'], additionalProperties: false }],
    messages: { crossesPackage: 'Relative path "{{path}}" reaches into {{target}}: import it by package name (and export what you need from it).' },
  },
  create(context) {
    const { root } = /** @type {{ root: string }} */ (context.options[0]);
    const packages = workspacePackagesCached(root);
    const file = context.filename;
    const from = packageOf(packages, file);
    if (!from) return {};
    /**
     * @param {Node} node
     * @param {string | undefined} path
     */
    const check = (node, path) => {
      if (!path?.startsWith('.')) return;
      const target = packageOf(packages, resolve(dirname(file), path));
      if (target && target.dir !== from.dir) context.report({ node, messageId: 'crossesPackage', data: { path, target: target.name } });
    };
    return {
      ImportDeclaration: (node) => check(node.source, literalPrefix(node.source)),
      ExportNamedDeclaration: (node) => node.source && check(node.source, literalPrefix(node.source)),
      ExportAllDeclaration: (node) => check(node.source, literalPrefix(node.source)),
      ImportExpression: (node) => check(node.source, literalPrefix(node.source)),
      CallExpression: (node) => {
        const [first, ...rest] = node.arguments;
        if (isPathJoin(node.callee) && isOwnFolder(first)) {
          const segments = staticSegments(rest);
          if (segments.length > 0) check(node, `./${join(...segments)}`);
        }
        const { callee } = node;
        if (callee.type === 'CallExpression' && callee.callee.type === 'Identifier' && callee.callee.name === 'createRequire' && first)
          check(first, literalPrefix(first));
      },
      NewExpression: (node) => {
        const [path, base] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'URL' && path && path.type !== 'SpreadElement' && isImportMetaUrl(base))
          check(path, literalPrefix(path));
      },
    };
  },
};

/** @type {Map<string, WorkspacePackage[]>} */
const packagesByRoot = new Map();

/**
 * `workspacePackages(root)`, read once per lint run.
 * @param {string} root
 */
function workspacePackagesCached(root) {
  let packages = packagesByRoot.get(root);
  if (!packages) packagesByRoot.set(root, (packages = workspacePackages(root)));
  return packages;
}

/** The repository's own ESLint rules, used by the root eslint.config.js as `house-rules/…`. */
export const houseRulesPlugin = {
  meta: { name: 'house-rules' },
  rules: { 'no-relative-path-into-package': noRelativePathIntoPackage },
};
