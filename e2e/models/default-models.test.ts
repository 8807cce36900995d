import { collect, freePort, graphqlWsClient, graphqlWsUrl, waitFor } from '@cryptograph/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupMutation } from '../support/operations.js';

const repository = fileURLToPath(new URL('../../', import.meta.url));
const stackMain = join(repository, 'apps/cryptograph/src/start.ts');

/**
 * A fresh install as a new user meets it: `npm start` with no environment at all (embedded
 * Postgres, in-process bus, the shipped data seeded, the replay feed at its default speed) only
 * told which free port and empty data folder to use. Nobody creates, trains or promotes a model.
 */
describe('a fresh install runs its models by itself', () => {
  let child: ChildProcess;
  let output = '';
  let gatewayUrl: string;
  let startedAt: number;
  const dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-fresh-'));

  beforeAll(async () => {
    const port = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}`;
    startedAt = Date.now();
    child = spawn(process.execPath, ['--import', 'tsx', stackMain], {
      cwd: repository,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`the stack exited: ${output}`);
      return (await fetch(`${gatewayUrl}/health`).catch(() => null))?.ok === true;
    }, 90_000);
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a new viewer receives a predictionCreated event within 60 s of the start and sees the default PRODUCTION models of every asset, owned by system', async () => {
    const signup = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: signupMutation,
        variables: { input: { email: 'new.viewer@example.com', username: 'new_viewer', password: 'A-new-viewer-2024!' } },
      }),
    });
    const auth = ((await signup.json()) as { data: { signup: { accessToken: string; user: { role: string } } } }).data.signup;
    expect(auth.user.role).toBe('VIEWER');
    const client = graphqlWsClient(graphqlWsUrl(gatewayUrl), { token: auth.accessToken });
    const fields = 'id value target ts createdAt model { name owner { username } } asset { symbol }';
    // A subscriber resuming from the first event sees the first prediction the system made; a live one the next.
    const history = collect(client, `subscription { predictionCreated(after: "0") { ${fields} } }`);
    const live = collect(client, `subscription { predictionCreated { ${fields} } }`);
    const subscribedAt = Date.now();
    try {
      await waitFor(() => history.results.length > 0 || history.errors.length > 0, 60_000);
      expect(history.errors).toEqual([]);
      const first = history.results[0]!.data!.predictionCreated;
      expect(first.model.owner.username).toBe('system');
      expect(Number.isFinite(first.value)).toBe(true);
      const madeAfter = Date.parse(first.createdAt) - startedAt;
      console.log(
        `first prediction made ${(madeAfter / 1000).toFixed(1)} s after the start (healthy after ${((subscribedAt - startedAt) / 1000).toFixed(1)} s)`,
      );
      expect(madeAfter).toBeLessThan(60_000);
      await waitFor(() => live.results.length > 0 || live.errors.length > 0, 60_000);
      expect(live.errors).toEqual([]);
      expect(live.results[0]!.data!.predictionCreated.model.owner.username).toBe('system');
    } finally {
      history.stop();
      live.stop();
      await client.dispose();
    }

    const query = `{ assets(first: 100) { edges { node { symbol models { name isDefault target interval owner { username } productionVersion { stage trigger } } } } } }`;
    const read = async () =>
      (await (
        await fetch(`${gatewayUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${auth.accessToken}` },
          body: JSON.stringify({ query }),
        })
      ).json()) as any;
    let body: any;
    await waitFor(async () => {
      body = await read();
      return body.data.assets.edges.every((edge: any) => edge.node.models.filter((model: any) => model.productionVersion?.stage === 'PRODUCTION').length >= 2);
    }, 90_000);
    const assets = body.data.assets.edges.map((edge: any) => edge.node);
    expect(assets.map((asset: any) => asset.symbol).sort()).toEqual(['ADA', 'BNB', 'BTC', 'DOGE', 'ETH', 'SOL', 'XRP']);
    for (const asset of assets) {
      const defaults = asset.models.filter((model: any) => model.isDefault);
      expect(defaults.every((model: any) => model.owner.username === 'system')).toBe(true);
      const daily = defaults
        .filter((model: any) => model.interval === 'D1' && model.productionVersion?.stage === 'PRODUCTION')
        .map((model: any) => model.target)
        .sort();
      expect(daily).toEqual(['RETURN', 'VOLATILITY']);
      expect(defaults.every((model: any) => model.productionVersion === null || model.productionVersion.trigger === 'DEFAULT')).toBe(true);
    }
    // The assets the live feed streams (shipped minute data) also get an intraday model.
    for (const symbol of ['BTC', 'ETH', 'SOL', 'ADA']) {
      expect(assets.find((asset: any) => asset.symbol === symbol).models.some((model: any) => model.isDefault && model.interval === 'M5')).toBe(true);
    }
  }, 240_000);
});
