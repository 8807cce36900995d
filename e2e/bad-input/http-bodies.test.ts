// Malformed HTTP requests to the gateway (bad JSON, oversized or empty bodies, wrong shapes) get a 4xx with BAD_USER_INPUT and leave the server healthy.
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, postRaw, startPlainStack, stopStackAfterAll, type TestStack } from '../support/stack.js';

let stack: TestStack;
let url: string;

beforeAll(async () => {
  stack = await startPlainStack({ BODY_LIMIT_BYTES: '16384' });
  url = `${stack.gatewayUrl}/graphql`;
});

stopStackAfterAll(() => stack);

async function expectHealthy(): Promise<void> {
  const health = await getJson(stack.gatewayUrl, '/health');
  expect(health.status).toBe(200);
  expect(health.body).toEqual({ status: 'ok' });
  const me = await stack.graphql('{ me { id } }');
  expect(me.body).toEqual({ data: { me: null }, extensions: { cost: expect.any(Object) } });
}

describe('malformed requests', () => {
  it('malformed JSON → 400 BAD_USER_INPUT', async () => {
    const result = await postRaw(url, '{"query": "{ me { id } }"');
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(result.body.errors[0].message).toMatch(/not valid JSON/i);
    expect(result.text).not.toMatch(/at \w+ \(|node_modules|SyntaxError/);
    await expectHealthy();
  });

  it('a body over BODY_LIMIT_BYTES → 413 BAD_USER_INPUT', async () => {
    const body = JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(20_000) } });
    const result = await postRaw(url, body);
    expect(result.status).toBe(413);
    expect(result.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(result.body.errors[0].message).toMatch(/too large/i);
    await expectHealthy();
  });

  it('a body just under BODY_LIMIT_BYTES is served', async () => {
    const base = JSON.stringify({ query: '{ me { id } }', variables: { padding: '' } });
    const body = JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(16_384 - base.length) } });
    expect(Buffer.byteLength(body)).toBe(16_384);
    const result = await postRaw(url, body);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ data: { me: null }, extensions: { cost: expect.any(Object) } });
  });

  it('an empty JSON body → 400 BAD_USER_INPUT', async () => {
    const result = await postRaw(url, '');
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await expectHealthy();
  });

  const shapes: Record<string, string> = {
    'no query': '{}',
    'a non-string query': '{"query": 42}',
    'non-object variables': '{"query": "{ me { id } }", "variables": "nope"}',
    'a JSON string': '"{ me { id } }"',
    'JSON null': 'null',
  };
  for (const [label, body] of Object.entries(shapes)) {
    it(`${label} → 400 without execution`, async () => {
      const result = await postRaw(url, body);
      expect(result.status).toBe(400);
      expect(result.text).not.toContain('"data":{');
      expect(result.text).not.toMatch(/at \w+ \(|node_modules/);
      await expectHealthy();
    });
  }

  it('a subscription over HTTP to a field the schema does not have → BAD_USER_INPUT, not an internal error', async () => {
    const result = await stack.graphql('subscription { noSuchEvent { id } }');
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.status).toBe(400);
    await expectHealthy();
  });

  it('a query that does not parse → 400 BAD_USER_INPUT with the syntax error', async () => {
    const result = await stack.graphql('{ me { id }');
    expect(result.status).toBe(400);
    expect(result.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' });
    expect(result.body.errors![0]!.message).toMatch(/Syntax Error/);
  });
});
