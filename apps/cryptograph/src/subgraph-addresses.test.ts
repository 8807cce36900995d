import { supergraphPath } from '@cryptograph/schema';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { subgraphAddresses, supergraphUrls } from './subgraph-addresses.js';

const committed = readFileSync(supergraphPath, 'utf8');
const hosted = ['users', 'market', 'predictions'];

describe('subgraph addresses of the one-process stack', () => {
  it('are the URLs of the committed supergraph by default: 4001–4003', () => {
    expect(supergraphUrls(committed)).toEqual({
      users: 'http://localhost:4001/graphql',
      market: 'http://localhost:4002/graphql',
      predictions: 'http://localhost:4003/graphql',
    });
    expect(subgraphAddresses(committed, {}, hosted)).toEqual([
      { name: 'users', variable: 'USERS_URL', host: 'localhost', port: 4001 },
      { name: 'market', variable: 'MARKET_URL', host: 'localhost', port: 4002 },
      { name: 'predictions', variable: 'PREDICTIONS_URL', host: 'localhost', port: 4003 },
    ]);
  });

  it('follow the *_URL overrides the gateway also routes to', () => {
    expect(
      subgraphAddresses(committed, { market: 'http://127.0.0.1:0/graphql', users: 'http://[::1]:5001/graphql' }, hosted).map(
        ({ host, port }) => `${host} ${port}`,
      ),
    ).toEqual(['::1 5001', '127.0.0.1 0', 'localhost 4003']);
  });

  it('refuse what the stack cannot serve, naming the variable', () => {
    expect(() => subgraphAddresses(committed, { users: 'https://users.internal/graphql' }, hosted)).toThrow(
      /^USERS_URL: the one-process stack serves each subgraph at http:\/\/<host>:<port>\/graphql, not at https:\/\/users.internal\/graphql$/,
    );
    expect(() => subgraphAddresses(committed, { market: 'http://127.0.0.1:4002/api' }, hosted)).toThrow(/^MARKET_URL: /);
    expect(() => subgraphAddresses(committed.replace('"http://localhost:4003/graphql"', '"predictions:4003"'), {}, hosted)).toThrow(
      /^PREDICTIONS_URL \(unset, so the URL of "predictions" in SUPERGRAPH_PATH or schema\/supergraph.graphql\): /,
    );
  });
});
