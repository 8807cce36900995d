// The one-process stack listens where the supergraph it serves says, so a second gateway process started with the same supergraph reaches every subgraph.
import { supergraphPath } from '@cryptograph/schema';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersOk, freePort, startGatewayProcess, type ServiceProcess } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './testing/test-stack.js';

const committed = readFileSync(supergraphPath, 'utf8');

describe('npm start', () => {
  let dir: string;
  let stack: TestStack;
  let secondGateway: ServiceProcess | undefined;
  let ports: Record<string, number>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cryptograph-supergraph-'));
    ports = { users: await freePort(), market: await freePort(), predictions: await freePort() };
    let supergraph = committed;
    for (const [name, port] of Object.entries(ports))
      supergraph = supergraph.replace(
        `url: "http://localhost:${{ users: 4001, market: 4002, predictions: 4003 }[name]}/graphql"`,
        `url: "http://127.0.0.1:${port}/graphql"`,
      );
    writeFileSync(join(dir, 'supergraph.graphql'), supergraph);
    // No *_URL overrides: the stack must take the addresses from the supergraph file.
    stack = await startTestStack({ SUPERGRAPH_PATH: join(dir, 'supergraph.graphql'), USERS_URL: '', MARKET_URL: '', PREDICTIONS_URL: '' });
  }, 120_000);

  afterAll(async () => {
    await secondGateway?.stop();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves each subgraph on the URL its supergraph gives it', async () => {
    expect(stack.subgraphUrls).toEqual(Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, `http://127.0.0.1:${port}/graphql`])));
    for (const port of Object.values(ports)) expect(await answersOk(`http://127.0.0.1:${port}/health`)).toBe(true);
  });

  it('lets a standalone gateway with the same supergraph reach every subgraph', async () => {
    const { INTERNAL_SECRET, REDIS_URL, EVENT_BUS_PREFIX } = stack.env;
    const gateway = await startGatewayProcess({
      DATA_DIR: dir,
      SUPERGRAPH_PATH: join(dir, 'supergraph.graphql'),
      INTERNAL_SECRET: INTERNAL_SECRET!,
      EVENT_BUS_PREFIX: EVENT_BUS_PREFIX!,
      ...(REDIS_URL ? { REDIS_URL } : {}),
    });
    secondGateway = gateway.process;
    const ready = await fetch(`${gateway.url}/ready`);
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: { users: 'up', market: 'up', predictions: 'up' } });
    const username = `second_${randomBytes(4).toString('hex')}`;
    const signup = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($input: SignupInput!) { signup(input: $input) { user { username } } }',
        variables: { input: { email: `${username}@example.com`, username, password: 'A long enough passphrase 42!' } },
      }),
    });
    expect(await signup.json()).toEqual({ data: { signup: { user: { username } } }, extensions: { cost: expect.any(Object) } });
  }, 90_000);
});
