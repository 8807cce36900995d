// Scenario: automatic persisted queries (hash miss, register, hit, shared by two gateways) and safelist mode refusing other documents.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEnvironment } from '@cryptograph/testing';
import { sameInstallation, startTestStack } from '@cryptograph/app/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postRaw, startPlainStack, type TestStack } from '../support/stack.js';

const query = 'query Me { me { id } }';
const hash = createHash('sha256').update(query).digest('hex');
const persisted = (sha256Hash: string, text?: string) =>
  JSON.stringify({ ...(text ? { query: text } : {}), extensions: { persistedQuery: { version: 1, sha256Hash } } });
const post = (stack: TestStack, body: string) => postRaw(`${stack.gatewayUrl}/graphql`, body);

describe('automatic persisted queries', () => {
  let stack: TestStack;
  let other: TestStack | undefined;

  beforeAll(async () => {
    stack = await startPlainStack();
    if (testEnvironment().redisUrl) other = await startTestStack(sameInstallation(stack));
  });
  afterAll(async () => {
    await other?.stop();
    await stack?.stop();
  });

  it('misses an unknown hash, registers it with the query text, then runs it by hash alone (on every gateway sharing Redis)', async () => {
    const miss = await post(stack, persisted(hash));
    expect(miss.body.errors![0]!.message).toBe('PersistedQueryNotFound');
    const register = await post(stack, persisted(hash, query));
    expect(register.body.errors).toBeUndefined();
    const hit = await post(stack, persisted(hash));
    expect(hit.body.errors).toBeUndefined();
    expect(hit.body.data).toEqual(register.body.data);
    if (other) expect((await post(other, persisted(hash))).body.data).toEqual(register.body.data);
  });
});

describe('safelist mode', () => {
  let stack: TestStack;
  const dir = mkdtempSync(join(tmpdir(), 'cryptograph-safelist-'));

  beforeAll(async () => {
    const manifest = join(dir, 'persisted-documents.json');
    writeFileSync(manifest, JSON.stringify({ [hash]: query }));
    stack = await startPlainStack({ GRAPHQL_SAFELIST: 'true', GRAPHQL_PERSISTED_DOCUMENTS: manifest });
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs listed documents by hash or text and refuses any other document', async () => {
    const byHash = await post(stack, persisted(hash));
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data).toEqual({ me: null });
    expect((await post(stack, JSON.stringify({ query }))).body.errors).toBeUndefined();
    const other = '{ __typename }';
    const refused = await post(stack, JSON.stringify({ query: other }));
    expect(refused.status).toBe(403);
    expect(refused.body.errors![0]!.extensions?.code).toBe('FORBIDDEN');
    const otherHash = createHash('sha256').update(other).digest('hex');
    const notRegistered = await post(stack, persisted(otherHash, other));
    expect(notRegistered.body.errors![0]!.extensions?.code).toBe('FORBIDDEN');
    expect((await post(stack, persisted(otherHash))).body.errors![0]!.message).toBe('PersistedQueryNotFound');
  });
});
