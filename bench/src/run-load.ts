import { fork, type ChildProcess } from 'node:child_process';
import type { LoadJob, LoadSummary } from './load-types.js';

/** Load processes still running, so a benchmark's cleanup can kill them. */
export const loadProcesses = new Set<ChildProcess>();

/** Runs one load job in a forked autocannon process (bench/src/load.ts) and returns its summary. */
export async function runLoad(job: LoadJob): Promise<LoadSummary> {
  const child = fork(new URL('./load.ts', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  loadProcesses.add(child);
  try {
    return await new Promise<LoadSummary>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          child.kill('SIGKILL');
          reject(new Error(`load process did not finish within ${job.seconds + 30} s`));
        },
        (job.seconds + 30) * 1000,
      );
      child.once('message', (message: { ok: true; summary: LoadSummary } | { ok: false; error: string }) => {
        clearTimeout(timer);
        if (message.ok) resolve(message.summary);
        else reject(new Error(`load process failed: ${message.error}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`load process exited with ${code} before answering`));
      });
      child.send(job);
    });
  } finally {
    loadProcesses.delete(child);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
