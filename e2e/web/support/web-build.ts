import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { webBuildDirectory, webPackageDirectory } from '@cryptograph/web';
import { dirname, join } from 'node:path';

const buildIndex = join(webBuildDirectory, 'index.html');
const lockDir = join(webPackageDirectory, '.build-lock');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function stale(): boolean {
  try {
    const built = statSync(buildIndex).mtimeMs;
    return ['src', 'index.html', 'vite.config.ts', 'package.json'].some((name) => newestMtime(join(webPackageDirectory, name)) > built);
  } catch {
    return true;
  }
}

/**
 * Builds the web app (`vite build` into web/build) when it is missing or older than its sources,
 * once even when several test files ask at the same time (a lock directory serializes them).
 */
export async function ensureWebBuild(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`web build lock ${lockDir} held for 2 minutes; remove it if no build runs`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (stale()) {
      const viteBin = join(dirname(createRequire(join(webPackageDirectory, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
      execFileSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: webPackageDirectory, stdio: 'inherit' });
    }
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
