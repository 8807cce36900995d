import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { binaryOnPath } from './binary-on-path.js';
import { postgresBinariesAvailable } from './postgres-server.js';
import { processAlive } from './process-alive.js';
import { redisBinaryAvailable } from './redis-server.js';
import { repositoryRoot } from './repository-root.js';

interface Held {
  postgresPid: number;
  postgresDir: string;
  redisPid: number;
}

const fixture = fileURLToPath(new URL('./test-fixtures/hold-servers.ts', import.meta.url));
const serversAvailable = postgresBinariesAvailable() && redisBinaryAvailable();
const leftovers: Held[] = [];

async function startHolder(): Promise<{ holder: ChildProcess; held: Held }> {
  const holder = spawn(process.execPath, ['--import', 'tsx', fixture], { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  holder.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: holder.stdout! });
  for await (const line of lines) {
    const held = JSON.parse(line) as Held;
    leftovers.push(held);
    return { holder, held };
  }
  throw new Error(`the holder process exited without starting servers:\n${stderr}`);
}

async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid)) {
    if (Date.now() > deadline) return false;
    await delay(50);
  }
  return true;
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
}

afterEach(() => {
  for (const held of leftovers.splice(0)) {
    for (const pid of [held.postgresPid, held.redisPid]) {
      if (processAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(held.postgresDir, { recursive: true, force: true });
  }
});

describe.skipIf(!serversAvailable && process.env.CI !== 'true')('servers left by a dying test process', () => {
  it('are stopped and cleaned up when the process gets SIGTERM', async () => {
    const { holder, held } = await startHolder();
    expect(processAlive(held.postgresPid)).toBe(true);
    expect(processAlive(held.redisPid)).toBe(true);
    expect(existsSync(held.postgresDir)).toBe(true);

    const signal = exited(holder);
    holder.kill('SIGTERM');
    expect(await signal).toBe('SIGTERM');

    expect(processAlive(held.postgresPid)).toBe(false);
    expect(processAlive(held.redisPid)).toBe(false);
    expect(existsSync(held.postgresDir)).toBe(false);
  });

  it.skipIf(!binaryOnPath('setpriv'))('are stopped when the process is SIGKILLed', async () => {
    const { holder, held } = await startHolder();
    expect(processAlive(held.postgresPid)).toBe(true);
    expect(processAlive(held.redisPid)).toBe(true);

    const signal = exited(holder);
    holder.kill('SIGKILL');
    expect(await signal).toBe('SIGKILL');

    expect(await gone(held.postgresPid, 15_000)).toBe(true);
    expect(await gone(held.redisPid, 15_000)).toBe(true);
  });
});
