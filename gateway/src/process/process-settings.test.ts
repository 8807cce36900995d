import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const gatewayDir = fileURLToPath(new URL('../..', import.meta.url));
/** `process.sourceMapsEnabled` in a node process started with these preloads, as the start script does. */
function sourceMapsWith(preloads: string[]): string {
  return execFileSync(
    process.execPath,
    [...preloads.flatMap((preload) => ['--import', preload]), '--input-type=module', '-e', 'console.log(process.sourceMapsEnabled)'],
    { cwd: gatewayDir, encoding: 'utf8' },
  ).trim();
}

describe('the gateway process', () => {
  it('runs without source maps once its preload ran (tsx turns them on)', () => {
    expect(sourceMapsWith(['tsx'])).toBe('true');
    expect(sourceMapsWith(['tsx', './src/process/without-source-maps.ts'])).toBe('false');
  });
});
