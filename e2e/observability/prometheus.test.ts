// Scenario: a real Prometheus scrapes `npm start` on embedded defaults (PGlite, in-process bus) once, at the gateway's
// /metrics (otel/prometheus.yml's gateway job): that one scrape carries every in-process service; every dashboard query
// parses, and every panel of every dashboard shows data after traffic (but the collector's span metrics and the
// Postgres pool and Redis panels, which need real servers).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otelConfigDirectory } from '@cryptograph/otel';
import { binaryOnPath, freePort, spawnTracked, type TrackedProcess } from '@cryptograph/testing';
import type { TestStack } from '@cryptograph/app/testing';
import { collect, graphqlWsClient, graphqlWsUrl, stackWithAdmin, waitFor } from './telemetry-stack.js';

const available = binaryOnPath('prometheus');
if (!available) {
  if (process.env.CI === 'true')
    throw new Error('CI=true but the prometheus binary is not on PATH: CI must run the Prometheus integration test (apt-get install prometheus)');
  console.warn('prometheus not found on PATH: skipping the Prometheus integration test (apt-get install -y prometheus to run it)');
}

/** Panels fed by the OpenTelemetry collector's span metrics: no collector runs here (docker-compose has one). */
const collectorPanels = new Set(['Span metrics from the collector (calls per span name)']);

/**
 * Panels of infrastructure the embedded defaults do not have: a Postgres pool (PGlite has none) and
 * Redis (the in-process bus). Their metrics are absent there by design; telemetry.test.ts shows them
 * on real Postgres and Redis.
 */
const realInfrastructurePanels = new Set(['Postgres pool connections', 'Redis up']);

/** Every PromQL expression of every provisioned dashboard, with Grafana's interval variables filled in. */
function dashboardQueries(): { dashboard: string; panel: string; expr: string }[] {
  const dir = join(otelConfigDirectory, 'grafana', 'dashboards');
  return readdirSync(dir).flatMap((file) => {
    const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { title: string; panels: { title: string; targets: { expr: string }[] }[] };
    return dashboard.panels.flatMap((panel) =>
      panel.targets.map((target) => ({
        dashboard: dashboard.title,
        panel: panel.title,
        expr: target.expr.replaceAll('$__rate_interval', '20s').replaceAll('$__interval', '5s'),
      })),
    );
  });
}

/** otel/prometheus.yml with each service job pointed at the stack's loopback port, jobs of absent services dropped, and a fast scrape interval. */
function loopbackConfig(targets: Record<string, string>): string {
  const source = readFileSync(join(otelConfigDirectory, 'prometheus.yml'), 'utf8');
  const jobs = source.split(/\n(?= {2}- job_name: )/);
  const kept = jobs.slice(1).flatMap((job) => {
    const name = /job_name: (\S+)/.exec(job)![1]!;
    const target = targets[name];
    return target ? [job.replace(/targets: \[(['"])[^'"]+\1\]/, `targets: ['${target}']`)] : [];
  });
  expect(kept).toHaveLength(Object.keys(targets).length);
  return [jobs[0]!.replace(/scrape_interval: \S+/, 'scrape_interval: 1s'), ...kept].join('\n');
}

describe.skipIf(!available)('Prometheus scraping the stack, queried with the Grafana dashboards', () => {
  let stack: TestStack;
  let token: string;
  let prometheus: TrackedProcess | undefined;
  let prometheusUrl: string;
  let dataDir: string;

  const query = async (expr: string): Promise<{ status: string; error?: string; data?: { result: unknown[] } }> => {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return (await response.json()) as { status: string; error?: string; data?: { result: unknown[] } };
  };

  beforeAll(async () => {
    // Embedded defaults (no DATABASE_URL, no REDIS_URL). The replay feed plays the shipped minute
    // bars (one minute per second): the ingestion panels get data.
    ({ stack, adminToken: token } = await stackWithAdmin({ MARKET_SEED_DATA: 'true', REPLAY_SPEED: '60', DATABASE_URL: '', REDIS_URL: '' }));
    expect(stack.embedded).toBe(true);
    const config = loopbackConfig({ gateway: new URL(stack.gatewayUrl).host });
    dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-prometheus-'));
    writeFileSync(join(dataDir, 'prometheus.yml'), config);
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawnTracked({
      command: 'prometheus',
      args: [
        `--config.file=${join(dataDir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dataDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-lifecycle',
      ],
      cwd: dataDir,
      stopSignal: 'SIGTERM',
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (prometheus.hasExited()) throw new Error(`prometheus exited: ${prometheus.output()}`);
      const ready = await fetch(`${prometheusUrl}/-/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`prometheus not ready: ${prometheus.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 120_000);
  afterAll(async () => {
    await prometheus?.stop();
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('parses every PromQL expression of every dashboard', async () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(20);
    for (const { dashboard, panel, expr } of queries) {
      const answer = await query(expr);
      expect({ dashboard, panel, status: answer.status, error: answer.error }).toEqual({ dashboard, panel, status: 'success', error: undefined });
    }
  });

  it('shows data on every panel of every dashboard after traffic', async () => {
    // Traffic: queries (one failing), a subscription, a job that publishes a prediction, price ticks.
    const client = graphqlWsClient(graphqlWsUrl(stack.gatewayUrl), { token });
    const events = collect(client, 'subscription { predictionCreated(symbols: ["BTC"]) { id model { name } } }');
    await waitFor(() => stack.subscriptionStats().streams >= 1, 'the upstream subscription');
    const created = await stack.graphql(
      'mutation { createModel(input: { name: "prom-naive", symbol: "BTC", target: VOLATILITY, algorithm: NAIVE, interval: D1, horizon: 1 }) { id } }',
      {},
      { token },
    );
    const modelId = created.body.data.createModel.id as string;
    await stack.graphql(
      'mutation($id: ID!) { trainModel(modelId: $id, trainFrom: "2021-01-01T00:00:00Z", trainTo: "2023-01-01T00:00:00Z") { id } }',
      { id: modelId },
      { token },
    );
    const status = async () =>
      (await stack.graphql('query($id: ID!) { model(id: $id) { latestVersion { id } } }', { id: modelId }, { token })).body.data?.model?.latestVersion;
    for (let i = 0; i < 300 && !(await status()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    await stack.graphql('mutation($id: ID!) { runPredictions(modelId: $id) { id } }', { id: modelId }, { token });
    await waitFor(() => events.results.length >= 1, 'a prediction event', 30_000);
    const deadline = Date.now() + 60_000;
    const required = dashboardQueries().filter(({ panel }) => !collectorPanels.has(panel) && !realInfrastructurePanels.has(panel));
    expect(new Set(required.map(({ dashboard }) => dashboard)).size).toBe(new Set(dashboardQueries().map(({ dashboard }) => dashboard)).size);
    const missing = new Set(required.map(({ dashboard, panel }) => `${dashboard} / ${panel}`));
    while (missing.size > 0 && Date.now() < deadline) {
      await Promise.all([
        stack.graphql('query Models { models(first: 5) { edges { node { id owner { username } asset { symbol } } } } }', {}, { token }),
        stack.graphql('query Anonymous { users { totalCount } }'),
        // A resolver error (BAD_USER_INPUT): the error panels get data.
        stack.graphql(
          'query BadRange { candles(symbol: "BTC", interval: D1, from: "2024-02-01T00:00:00Z", to: "2024-01-01T00:00:00Z") { ts } }',
          {},
          { token },
        ),
      ]);
      for (const { dashboard, panel, expr } of required) {
        if (!missing.has(`${dashboard} / ${panel}`)) continue;
        const answer = await query(expr);
        if ((answer.data?.result.length ?? 0) > 0) missing.delete(`${dashboard} / ${panel}`);
      }
      if (missing.size > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    events.stop();
    await client.dispose();
    expect([...missing]).toEqual([]);
  }, 120_000);

  it("scrapes every in-process service from the gateway's /metrics alone, each series once", async () => {
    // After the traffic of the test above, every service has measured something.
    const deadline = Date.now() + 20_000;
    let services: string[] = [];
    while (Date.now() < deadline) {
      const answer = (await query('group by (service) ({job="gateway", __name__=~"cryptograph_.+"})')) as {
        data?: { result: { metric: { service: string } }[] };
      };
      services = (answer.data?.result ?? []).map((series) => series.metric.service).sort();
      if (['gateway', 'market', 'predictions', 'users'].every((service) => services.includes(service))) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(services).toEqual(expect.arrayContaining(['gateway', 'market', 'predictions', 'users']));
    // A scrape with a repeated family or series would fail as a whole (up = 0).
    expect(((await query('up{job="gateway"}')) as { data: { result: { value: [number, string] }[] } }).data.result.map((series) => series.value[1])).toEqual([
      '1',
    ]);
    expect(((await query('count(process_cpu_user_seconds_total)')) as { data: { result: { value: [number, string] }[] } }).data.result[0]!.value[1]).toBe('1');
  });
});
