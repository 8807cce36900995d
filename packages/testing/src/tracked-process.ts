import { spawn } from 'node:child_process';
import { binaryOnPath } from './binary-on-path.js';
import { registerExitCleanup } from './exit-cleanup.js';
import { processAlive } from './process-alive.js';
import type { ServerAccount } from './server-account.js';

/** How to start a tracked child process. */
export interface TrackedProcessOptions {
  /** Executable name on PATH. */
  readonly command: string;
  /** Arguments to the executable. */
  readonly args: readonly string[];
  /** Working directory (must be accessible to `account`). */
  readonly cwd: string;
  /** Run as this account instead of the current user. */
  readonly account?: ServerAccount | undefined;
  /** Signal that asks the process to shut down cleanly. */
  readonly stopSignal: NodeJS.Signals;
  /** How long to wait after `stopSignal` before SIGKILL; default 10 s. */
  readonly stopTimeoutMs?: number;
  /** The child's environment; this process's when absent. */
  readonly env?: NodeJS.ProcessEnv;
}

/** A child process (a server, or a tool like initdb) that is stopped by pid, also when this process exits. */
export interface TrackedProcess {
  /** OS process id of the program itself (no wrapper in between). */
  readonly pid: number;
  /** Whether the process has exited. */
  hasExited(): boolean;
  /** Resolves with the exit code (null when ended by a signal) once the process has exited. */
  waitForExit(): Promise<number | null>;
  /** The last few kilobytes the process wrote to stdout and stderr, for error messages. */
  output(): string;
  /** Sends the stop signal, waits for exit (SIGKILL after the timeout); safe to call twice. */
  stop(): Promise<void>;
}

const outputLimit = 16_384;
const exitCleanupTimeoutMs = 5_000;

/**
 * Spawns a tracked child process. On Linux `setpriv --pdeathsig` (which execs, so the pid
 * stays the program's) makes it get its stop signal even when this process dies without
 * running any cleanup (SIGKILL); on a normal exit or SIGINT/SIGTERM it is stopped synchronously.
 */
export function spawnTracked(options: TrackedProcessOptions): TrackedProcess {
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const [command, args] = withParentDeathSignal(options.command, options.args, options.stopSignal);
  const child = spawn(command, args, {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.env ? { env: options.env } : {}),
    ...(options.account ? { uid: options.account.uid, gid: options.account.gid } : {}),
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-outputLimit);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let exited = false;
  const exit = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exited = true;
      resolve(code);
    });
    child.once('error', (error) => {
      keep(Buffer.from(`\n${error.message}\n`));
      exited = true;
      resolve(null);
    });
  });

  if (child.pid === undefined) {
    throw new Error(`could not start ${options.command}: ${output.trim() || 'no process id'}`);
  }
  const pid = child.pid;
  const unregister = registerExitCleanup(() => stopSync(pid, options.stopSignal));
  let stopping: Promise<void> | undefined;

  return {
    pid,
    hasExited: () => exited,
    async waitForExit() {
      const code = await exit;
      unregister();
      return code;
    },
    output: () => output,
    stop() {
      stopping ??= (async () => {
        if (!exited) {
          child.kill(options.stopSignal);
          const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
          await exit;
          clearTimeout(timer);
        }
        unregister();
      })();
      return stopping;
    },
  };
}

function withParentDeathSignal(command: string, args: readonly string[], signal: NodeJS.Signals): [string, string[]] {
  if (process.platform === 'linux' && binaryOnPath('setpriv')) {
    return ['setpriv', ['--pdeathsig', signal, '--', command, ...args]];
  }
  return [command, [...args]];
}

/** Used while this process is exiting, when nothing asynchronous runs any more. */
function stopSync(pid: number, signal: NodeJS.Signals): void {
  if (!processAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + exitCleanupTimeoutMs;
  while (processAlive(pid) && Date.now() < deadline) sleepSync(20);
  if (processAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
