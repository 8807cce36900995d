// Scenario: a gateway started as `npm run start:gateway` does, with nothing about Apollo in its environment, never tries to reach
// Apollo's usage reporting or a cloud metadata endpoint (every connection it attempts is recorded); an operator who opts in
// (APOLLO_TELEMETRY_DISABLED=false) gets @apollo/gateway's telemetry, which is how we know the recording would see it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersOk, freePort, repositoryRoot, spawnTracked, type TrackedProcess } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const recorder = join(repositoryRoot, 'e2e/operations/support/record-connections.ts');
const loopback = /^(localhost|127\.\d+\.\d+\.\d+|::1|unix)$/;
let dir: string;
const started: TrackedProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cryptograph-apollo-telemetry-'));
});

afterAll(async () => {
  for (const child of started) await child.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a standalone gateway with only `env` (and PATH, HOME, NODE_OPTIONS) in its environment; returns its URL and the file of its connection attempts. */
async function startGateway(
  name: string,
  env: Record<string, string>,
): Promise<{ url: string; child: TrackedProcess; attempts: () => { host: string; port: number }[] }> {
  const [port, closed] = await Promise.all([freePort(), freePort()]);
  const file = join(dir, `${name}.jsonl`);
  writeFileSync(file, '');
  const child = spawnTracked({
    command: process.execPath,
    args: ['--import', 'tsx', '--import', recorder, '--import', '@cryptograph/otel/register', 'gateway/src/main.ts'],
    cwd: repositoryRoot,
    stopSignal: 'SIGTERM',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      OTEL_SDK_DISABLED: 'true',
      PORT: String(port),
      DATA_DIR: join(dir, name),
      INTERNAL_SECRET: randomBytes(32).toString('base64url'),
      // The subgraphs are nowhere: /ready then attempts loopback connections, which the recording must show.
      USERS_URL: `http://127.0.0.1:${closed}/graphql`,
      MARKET_URL: `http://127.0.0.1:${closed}/graphql`,
      PREDICTIONS_URL: `http://127.0.0.1:${closed}/graphql`,
      RECORD_CONNECTIONS_FILE: file,
      ...env,
    },
  });
  started.push(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (!(await answersOk(`${url}/health`))) {
    if (child.hasExited() || Date.now() > deadline) throw new Error(`the gateway did not start:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const attempts = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { host: string; port: number });
  return { url, child, attempts };
}

const outside = (attempts: { host: string }[]) => attempts.filter((attempt) => !loopback.test(attempt.host));

describe('@apollo/gateway telemetry', { timeout: 120_000 }, () => {
  it('is off unless the operator opts in: a gateway with no Apollo setting attempts no connection off this machine', async () => {
    const gateway = await startGateway('default', {});
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(503);
    // The cloud-metadata probes start when @apollo/gateway is constructed, before it listens: give them time to show.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await gateway.child.stop();
    const attempts = gateway.attempts();
    // The recording works in this process: /ready's loopback attempts are in it.
    expect(attempts.length).toBeGreaterThan(0);
    expect(outside(attempts)).toEqual([]);
    expect(gateway.child.output()).not.toMatch(/refused by the test/);
  });

  it('is on when an operator sets APOLLO_TELEMETRY_DISABLED=false: @apollo/gateway reaches for the cloud metadata endpoints', async () => {
    const gateway = await startGateway('opted-in', { APOLLO_TELEMETRY_DISABLED: 'false' });
    const deadline = Date.now() + 15_000;
    while (outside(gateway.attempts()).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    await gateway.child.stop();
    expect(outside(gateway.attempts()).map((attempt) => attempt.host)).toEqual(expect.arrayContaining(['169.254.169.254']));
    expect(gateway.child.hasExited()).toBe(true);
  });
});
