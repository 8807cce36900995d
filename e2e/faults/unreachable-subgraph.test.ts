// Regression: a standalone gateway process whose market subgraph cannot be reached, and an anonymous graphql-ws
// `priceUpdated` subscription, crashed the gateway with an unhandled rejection. Now the subscriber gets
// DOWNSTREAM_SERVICE_ERROR naming market, and leaving during the retries leaves the process up.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersOk, freePort, graphqlWsClient, graphqlWsUrl, rawGraphqlWsSocket, startGatewayProcess, type ServiceProcess } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('a gateway process whose market subgraph is unreachable', () => {
  let gateway: ServiceProcess;
  let url: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-unreachable-'));
    const unreachable = await freePort();
    const started = await startGatewayProcess({
      DATA_DIR: dataDir,
      INTERNAL_SECRET: randomBytes(32).toString('base64url'),
      // Nothing listens on any of them (a deploy, a crash, a restart).
      USERS_URL: `http://127.0.0.1:${unreachable}/graphql`,
      MARKET_URL: `http://127.0.0.1:${unreachable}/graphql`,
      PREDICTIONS_URL: `http://127.0.0.1:${unreachable}/graphql`,
    });
    ({ process: gateway, url } = started);
  }, 90_000);

  afterAll(async () => {
    await gateway?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers an anonymous priceUpdated subscription with DOWNSTREAM_SERVICE_ERROR and survives its subscribers leaving mid-retry', async () => {
    const events: unknown[] = [];
    const client = graphqlWsClient(graphqlWsUrl(url));
    const unsubscribe = client.subscribe(
      { query: 'subscription { priceUpdated(symbols: ["BTC"]) { symbol price } }' },
      { next: (value) => events.push(value), error: (error) => events.push({ error }), complete: () => {} },
    );
    await expect.poll(() => events.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(events).toEqual([
      {
        data: null,
        errors: [
          {
            message: 'The market service is unavailable; this subscription resumes when it is back.',
            extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'market' },
          },
        ],
      },
    ]);

    // One subscriber leaves politely while the gateway retries, another drops its socket.
    unsubscribe();
    const dropped = rawGraphqlWsSocket(graphqlWsUrl(url), undefined);
    expect(await dropped.handshake).toEqual({ acknowledged: true });
    dropped.send({ id: '1', type: 'subscribe', payload: { query: 'subscription { priceUpdated(symbols: ["ETH"]) { price } }' } });
    // Told the market is unavailable: its stream now waits to retry.
    expect(await dropped.nextMessage()).toMatchObject({ id: '1', type: 'next', payload: { errors: [{ extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } }] } });
    dropped.terminate();
    await client.dispose();

    // Longer than the longest retry wait (3 s): the leftover retries run and stop.
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(gateway.hasExited()).toBe(false);
    expect(await answersOk(`${url}/health`)).toBe(true);
    expect(gateway.output()).not.toMatch(/unexpected error|UnhandledPromiseRejection/);
    console.log(`unreachable market: subscriber told DOWNSTREAM_SERVICE_ERROR, gateway alive after 4.5 s of retries (pid ${gateway.pid})`);
  });

  it('still shuts down cleanly on SIGTERM', async () => {
    await gateway.stop();
    expect(await gateway.waitForExit()).toBe(0);
  });
});
