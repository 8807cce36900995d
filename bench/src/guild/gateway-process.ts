import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A gateway under test, in its own process. */
export interface GatewayProcess {
  readonly name: string;
  readonly pid: number;
  /** Its GraphQL endpoint. */
  readonly url: string;
  stop(): Promise<void>;
}

/** How to start one gateway process. */
export interface GatewayProcessOptions {
  readonly name: string;
  /** Arguments of `node` (the script and its options). */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Its GraphQL path on the chosen port (`/graphql`, or `/` for the stock gateway). */
  readonly path: string;
  /** The CPU it is pinned to with `taskset` (when available); undefined: not pinned. */
  readonly cpu: number | undefined;
  /** A request it must answer with 200 before it counts as started. */
  readonly readyBody: string;
}

/** Whether `taskset` (util-linux) is available to pin processes to one CPU. */
export const tasksetAvailable = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A free loopback TCP port (bound and released: another process could take it in between, which the start then reports). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs `node <args>` (pinned to one CPU when `cpu` is given and taskset exists) and waits until it answers `readyBody`. */
export function nodeProcess(options: { args: readonly string[]; env: Readonly<Record<string, string>>; cwd: string; cpu: number | undefined }): ChildProcess {
  const [command, args] =
    options.cpu !== undefined && tasksetAvailable
      ? ['taskset', ['-c', String(options.cpu), process.execPath, ...options.args]]
      : [process.execPath, [...options.args]];
  // taskset execs node in place: the child's pid is node's.
  return spawn(command as string, args as string[], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Starts a gateway process on a free port and waits (at most 120 s) until it answers the ready request. */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const port = await freePort();
  const child = nodeProcess({ args: options.args, env: { ...options.env, HOST: '127.0.0.1', PORT: String(port) }, cwd: options.cwd, cpu: options.cpu });
  const url = `http://127.0.0.1:${port}${options.path}`;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const stop = async () => {
    if (exited !== undefined || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`${options.name} exited with ${exited} before answering`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} did not answer within 120 s`);
    }
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: options.readyBody });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { name: options.name, pid: child.pid!, url, stop };
}
