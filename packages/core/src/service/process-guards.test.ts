import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { repositoryRoot } from '@cryptograph/testing/repository-root';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./test-fixtures/guarded-main.ts', import.meta.url));

/** Runs a node program the way tests spawn children (inheriting this process's environment); returns its exit code and output. */
async function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [...args], { cwd: repositoryRoot, timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('unhandled rejections', () => {
  it('crash every test process and every process a test spawns (--unhandled-rejections=strict)', async () => {
    expect(process.env.NODE_OPTIONS ?? '').toContain('--unhandled-rejections=strict');
    // With a rejection handler, Node's default mode would keep running; strict raises the rejection anyway.
    const child = await run(['-e', "process.on('unhandledRejection', () => {}); Promise.reject(new Error('a peer misbehaved'))"]);
    expect(child.code).toBe(1);
    expect(child.stderr).toContain('a peer misbehaved');
  });

  it('make a service process log the unknown state (with the reason) and exit 1', async () => {
    const child = await run(['--import', 'tsx', fixture, 'stray-rejection']);
    expect(child.code).toBe(1);
    const line = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { level: number; msg: string; reason: string };
    expect(line).toMatchObject({ level: 60, msg: 'unexpected error: the process is in an unknown state and exits' });
    expect(line.reason).toContain("reason: 'All Subscriptions Gone'");
  });
});

describe('startOrExit', () => {
  it("prints an operator's mistake as one line without a stack trace, exit code 1", async () => {
    const child = await run(['--import', 'tsx', fixture, 'operator-error']);
    expect(child.code).toBe(1);
    expect(child.stderr).toBe('ADMIN_PASSWORD: must be at least 12 characters\n');
    expect(child.stdout).toBe('');
  });

  it('logs a programming error at start with its stack, exit code 1', async () => {
    const child = await run(['--import', 'tsx', fixture, 'startup-bug']);
    expect(child.code).toBe(1);
    const line = JSON.parse(child.stdout.trim()) as { level: number; msg: string; err: { stack: string } };
    expect(line).toMatchObject({ level: 60, msg: 'failed to start' });
    expect(line.err.stack).toContain('guarded-main.ts');
  });
});
