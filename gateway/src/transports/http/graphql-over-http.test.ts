import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../../context.js';
import type { GatewayPlugin } from '../../operation/gateway-plugin.js';
import { createOperationCore } from '../../operation/operation-core.js';
import { registerGraphqlOverHttp } from './graphql-over-http.js';

const context: GatewayContext = {
  identity: { userId: null, role: null, scopes: null, clientAddress: '127.0.0.1' },
  credentialExpiresAt: null,
  apiKeyPrefix: null,
} as never;

/** Answers `{ echo(n) }` with a large answer that names its request everywhere, after a random delay (answers finish out of order). */
const echo: GatewayPlugin = {
  name: 'echo',
  async onOperation(operation) {
    const n = Number((operation.request.variables as { n: number }).n);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
    return { kind: 'result', status: 200, result: { data: { echo: Array.from({ length: 2_000 }, (_, index) => ({ n, index, text: `request ${n} é ✓` })) } } };
  },
};

describe('GraphQL over HTTP answers', () => {
  const app = Fastify();
  let url = '';
  beforeAll(async () => {
    const core = createOperationCore({
      plugins: [echo],
      authenticate: async () => context,
      onUnexpected: (error) => {
        throw error;
      },
    });
    registerGraphqlOverHttp(app, {
      core,
      path: '/graphql',
      clientAddress: () => '127.0.0.1',
      onUnexpected: (error) => {
        throw error;
      },
    });
    url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/graphql`;
  });
  afterAll(() => app.close());

  it('writes every large answer intact while many are in flight and their buffers are reused', async () => {
    const post = async (n: number) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query($n: Int) { echo(n: $n) }', variables: { n } }),
      });
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const text = await response.text();
      expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
      return JSON.parse(text) as { data: { echo: { n: number; index: number; text: string }[] } };
    };
    for (let wave = 0; wave < 4; wave++) {
      const answers = await Promise.all(Array.from({ length: 30 }, (_, index) => post(wave * 100 + index)));
      answers.forEach((answer, index) => {
        const n = wave * 100 + index;
        expect(answer.data.echo).toHaveLength(2_000);
        expect(answer.data.echo.every((item, position) => item.n === n && item.index === position && item.text === `request ${n} é ✓`)).toBe(true);
      });
    }
  });
});
