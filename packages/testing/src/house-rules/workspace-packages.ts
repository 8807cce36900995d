import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** A workspace package: its name and folder. */
export interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
}

/** The workspace packages the root package.json declares (`apps/*`, `gateway`, …), resolved to their folders. */
export function workspacePackages(root: string): WorkspacePackage[] {
  const { workspaces = [] } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces?: string[] };
  const dirs = workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [join(root, pattern)];
    const parent = join(root, pattern.slice(0, -2));
    return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
  });
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ name: (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }).name, dir }));
}

/** The package whose folder holds `path`; undefined for the repository's own files (root configuration, docs). */
export function packageOf(packages: readonly WorkspacePackage[], path: string): WorkspacePackage | undefined {
  return packages.find((pkg) => {
    const inside = relative(pkg.dir, path);
    return inside === '' || (!inside.startsWith('..') && !inside.startsWith(sep));
  });
}

const skippedFolders = new Set(['node_modules', 'build', 'dist', '.turbo', 'generated']);

/** Every TypeScript file of a package (sources, tests, scripts), generated code and installed modules left out. */
export function typeScriptFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      if (skippedFolders.has(name) || name.startsWith('.')) continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
    }
  };
  walk(dir);
  return files;
}
