import { setTimeout as delay } from 'node:timers/promises';
import type { TrackedProcess } from './tracked-process.js';

/**
 * Polls `ready` until it resolves true; fails with the server's output if the server
 * exits first or `timeoutMs` passes.
 */
export async function waitUntilReady(server: TrackedProcess, name: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.hasExited()) {
      throw new Error(`${name} (pid ${server.pid}) exited before it accepted connections. Its output:\n${server.output()}`);
    }
    if (await ready()) return;
    if (Date.now() > deadline) {
      throw new Error(`${name} (pid ${server.pid}) did not accept connections within ${timeoutMs} ms. Its output:\n${server.output()}`);
    }
    await delay(100);
  }
}
