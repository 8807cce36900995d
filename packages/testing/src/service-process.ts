import { spawn } from 'node:child_process';
import { repositoryRoot } from './repository-root.js';
import { spawnTracked, type TrackedProcess } from './tracked-process.js';
import { waitUntilReady } from './wait-until-ready.js';

/** The repository root (defined in repository-root.ts), where the services' entry points and `node_modules` are. */
export { repositoryRoot };

/** One of the repository's entry points, run as its npm script runs it. */
export interface ServiceCommand {
  /** Entry point relative to the repository root, e.g. `subgraphs/market/src/main.ts`. */
  readonly entry: string;
  /** Its environment, on top of PATH, HOME, TMPDIR and NODE_OPTIONS of this process (nothing else leaks in). */
  readonly env: Readonly<Record<string, string>>;
  /** Arguments after the entry point (the CLI's command). */
  readonly args?: readonly string[];
  /** Whether the telemetry bootstrap is imported first, as the `start` scripts do (default true). */
  readonly telemetry?: boolean;
}

/** A service process started for a test. */
export interface ServiceProcess extends TrackedProcess {
  /** SIGKILL: the process dies at once, as in a crash or an OOM kill. */
  kill(): void;
}

/** What a command printed before it exited. */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `node --import tsx [--import @cryptograph/otel/register] <entry>`: what the npm scripts' `tsx`
 * runs, in one process, so that the pid is the service's own (a SIGKILL kills the service).
 */
function nodeArguments(command: ServiceCommand): string[] {
  return ['--import', 'tsx', ...(command.telemetry === false ? [] : ['--import', '@cryptograph/otel/register']), command.entry, ...(command.args ?? [])];
}

function environment(command: ServiceCommand): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(['PATH', 'HOME', 'NODE_OPTIONS', 'TMPDIR'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
  return { ...inherited, ...command.env };
}

/** Runs a command to its end (killing it after `timeoutMs`) and returns its exit code and output. */
export function runCommand(command: ServiceCommand, timeoutMs = 60_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArguments(command), { cwd: repositoryRoot, env: environment(command), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts a long-running service and resolves once `ready` (e.g. a GET of its `/health`) holds;
 * fails with its output if it exits first or takes longer than `timeoutMs`. Stopped with SIGTERM
 * (graceful shutdown), also when the test process dies.
 */
export async function startServiceProcess(name: string, command: ServiceCommand, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<ServiceProcess> {
  const tracked = spawnTracked({
    command: process.execPath,
    args: nodeArguments(command),
    cwd: repositoryRoot,
    env: environment(command),
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 15_000,
  });
  try {
    await waitUntilReady(tracked, name, ready, timeoutMs);
  } catch (error) {
    await tracked.stop();
    throw error;
  }
  return Object.assign(tracked, {
    kill: () => {
      if (!tracked.hasExited()) process.kill(tracked.pid, 'SIGKILL');
    },
  });
}

/** Whether `url` answers GET with a 2xx status. */
export async function answersOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}
