import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGatewayEnv } from './env.js';

const dataDir = mkdtempSync(join(tmpdir(), 'gateway-env-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const load = (variables: Record<string, string>) => loadGatewayEnv({ NODE_ENV: 'test', DATA_DIR: dataDir, ...variables });

describe('the gateway env', () => {
  it('reads TRUST_PROXY as the number of proxies in front of the gateway (false: none)', () => {
    expect(load({}).TRUST_PROXY).toBe(0);
    expect(load({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    expect(load({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
  });

  it('refuses TRUST_PROXY=true (it would trust whatever a client writes) and other non-counts, naming the variable', () => {
    for (const value of ['true', '-1', '1.5', 'yes'])
      expect(() => load({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY: must be the number of reverse proxies/);
  });

  it('has one largest operation cost: GRAPHQL_MAX_OPERATION_COST, or its alias GRAPHQL_MAX_COST, default 10 000', () => {
    expect(load({}).maxOperationCost).toBe(10_000);
    expect(load({ GRAPHQL_MAX_COST: '500' }).maxOperationCost).toBe(500);
    expect(load({ GRAPHQL_MAX_OPERATION_COST: '700' }).maxOperationCost).toBe(700);
    expect(load({ GRAPHQL_MAX_COST: '700', GRAPHQL_MAX_OPERATION_COST: '700' }).maxOperationCost).toBe(700);
  });

  it('refuses the alias and the setting with different values, in one line naming both', () => {
    expect(() => load({ GRAPHQL_MAX_COST: '500', GRAPHQL_MAX_OPERATION_COST: '700' })).toThrow(
      /^GRAPHQL_MAX_COST: is an alias of GRAPHQL_MAX_OPERATION_COST; set one of them/,
    );
  });

  it('caps WebSocket and SSE connections per address at 50 by default', () => {
    expect(load({}).WS_MAX_CONNECTIONS_PER_ADDRESS).toBe(50);
    expect(load({ WS_MAX_CONNECTIONS_PER_ADDRESS: '7' }).WS_MAX_CONNECTIONS_PER_ADDRESS).toBe(7);
  });

  it('shares identical queries and caches public data by default, with bounded sizes and times', () => {
    const env = load({});
    expect([
      env.GRAPHQL_DEDUPLICATION,
      env.RESPONSE_CACHE,
      env.RESPONSE_CACHE_MAX_BYTES,
      env.RESPONSE_CACHE_TTL_SECONDS,
      env.RESPONSE_CACHE_CLOSED_TTL_SECONDS,
      env.RESPONSE_CACHE_CLIENT_MAX_AGE_SECONDS,
      env.HEAP_GROWTH_PERCENT,
    ]).toEqual([true, true, 32 * 1024 * 1024, 300, 86_400, 3_600, 60]);
    expect([load({ GRAPHQL_DEDUPLICATION: 'false' }).GRAPHQL_DEDUPLICATION, load({ RESPONSE_CACHE: '0' }).RESPONSE_CACHE]).toEqual([false, false]);
    expect(() => load({ RESPONSE_CACHE_TTL_SECONDS: '0' })).toThrow(/RESPONSE_CACHE_TTL_SECONDS/);
    expect(() => load({ HEAP_GROWTH_PERCENT: '-5' })).toThrow(/HEAP_GROWTH_PERCENT/);
    expect(() => load({ GRAPHQL_DEDUPLICATION: 'maybe' })).toThrow(/GRAPHQL_DEDUPLICATION/);
  });
});
