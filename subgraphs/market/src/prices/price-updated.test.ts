import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { internalKey, priceTickChannel, signIdentity, type PriceTickMessage } from '@cryptograph/core';
import { anonymous, signedIn, startMarketTestService, type MarketTestService } from '../test-support/market-test-service.js';
import { collect, graphqlWsClient, graphqlWsUrl, waitFor } from '@cryptograph/testing';

const priceUpdated = `subscription($symbols: [String!]!) { priceUpdated(symbols: $symbols) { symbol price ts asset { symbol name } } }`;

let market: MarketTestService;
let url: string;

/** Opens a raw WebSocket with the graphql-transport-ws protocol; resolves with the HTTP status when refused, 101 when open. */
function upgradeStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => reject(error));
  });
}

beforeAll(async () => {
  market = await startMarketTestService();
  const address = await market.service.app.listen({ host: '127.0.0.1', port: 0 });
  url = graphqlWsUrl(address);
});

afterAll(async () => {
  await market?.close();
});

describe('Subscription.priceUpdated over graphql-ws at the subgraph', () => {
  it('refuses an upgrade without a valid gateway-signed identity', async () => {
    expect(await upgradeStatus({})).toBe(401);
    expect(await upgradeStatus({ 'x-cryptograph-identity': 'not-a-token' })).toBe(401);
    const forged = await signIdentity(signedIn('ADMIN'), internalKey('x'.repeat(40)), 'market');
    expect(await upgradeStatus({ 'x-cryptograph-identity': forged })).toBe(401);
    expect(await upgradeStatus({ 'x-cryptograph-identity': await market.identityHeader() })).toBe(101);
  });

  it('delivers ticks published on the bus for the subscribed symbols only', async () => {
    const client = graphqlWsClient(url, { headers: { 'x-cryptograph-identity': await market.identityHeader() } });
    try {
      const subscription = collect(client, priceUpdated, { symbols: ['btc', 'SOL'] });
      // The bus subscription is shared and opened on the first subscriber; publish until it is live.
      const tick: PriceTickMessage = { symbol: 'BTC', price: 43_210.98, ts: '2023-12-22T00:01:00.000Z' };
      await waitFor(() => {
        void market.bus.publish(priceTickChannel, { symbol: 'ETH', price: 1, ts: tick.ts });
        void market.bus.publish(priceTickChannel, tick);
        return subscription.results.some((result) => result.data?.priceUpdated.price === tick.price);
      });
      const received = subscription.results.map((result) => result.data?.priceUpdated);
      expect(received.every((event) => event.symbol === 'BTC' || event.symbol === 'SOL')).toBe(true);
      expect(received.find((event) => event.price === tick.price)).toEqual({
        symbol: 'BTC',
        price: tick.price,
        ts: tick.ts,
        asset: { symbol: 'BTC', name: 'Bitcoin' },
      });
      subscription.stop();
    } finally {
      await client.dispose();
    }
  });

  const badSymbols: [string, string[], string][] = [
    ['an unknown symbol', ['BTC', 'NOPE'], 'NOT_FOUND'],
    ['an empty list', [], 'BAD_USER_INPUT'],
    ['more than 50 symbols', Array.from({ length: 51 }, () => 'BTC'), 'BAD_USER_INPUT'],
    ['a malformed symbol', ['B-T-C'], 'BAD_USER_INPUT'],
  ];
  it.each(badSymbols)('rejects %s', async (_name, symbols, code) => {
    const client = graphqlWsClient(url, { headers: { 'x-cryptograph-identity': await market.identityHeader() } });
    try {
      const subscription = collect(client, priceUpdated, { symbols });
      const error = (await subscription.done) as { extensions?: { code?: string } }[] | undefined;
      expect(error?.[0]?.extensions?.code).toBe(code);
    } finally {
      await client.dispose();
    }
  });

  it('requires a signed-in caller with the read:market scope', async () => {
    for (const [identity, code] of [
      [anonymous(), 'UNAUTHENTICATED'],
      [signedIn('VIEWER', ['read:predictions']), 'FORBIDDEN'],
    ] as const) {
      const client = graphqlWsClient(url, { headers: { 'x-cryptograph-identity': await market.identityHeader(identity) } });
      try {
        const error = (await collect(client, priceUpdated, { symbols: ['BTC'] }).done) as { extensions?: { code?: string } }[] | undefined;
        expect(error?.[0]?.extensions?.code).toBe(code);
      } finally {
        await client.dispose();
      }
    }
  });
});
