import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../../context.js';
import type { GatewayPlugin } from '../gateway-plugin.js';
import type { TransportCapabilities } from '../operation.js';
import { createOperationCore } from '../operation-core.js';
import type { OperationOutcome } from '../operation-outcome.js';
import { serializedResult } from '../serialized-result.js';
import { sharingKeyOf } from '../sharing-key.js';
import { useErrorPolicy } from './use-error-policy.js';
import { useFreshAfterMutations } from './use-fresh-after-mutations.js';
import { useInflightDeduplication } from './use-inflight-deduplication.js';
import { useParser } from './use-parser.js';
import { useValidation } from './use-validation.js';

const schema = buildSchema('type Query { hello(name: String): String }  type Mutation { bump: Int }');
const capabilities: TransportCapabilities = { accepts: new Set(['query', 'mutation']), metadata: true };
const onUnexpected = (error: unknown) => {
  throw error;
};
const contexts: Record<string, GatewayContext> = {
  alice: { identity: { userId: 'alice', role: 'VIEWER', scopes: null, clientAddress: '10.0.0.1' }, credentialExpiresAt: null, apiKeyPrefix: null },
  aliceFromElsewhere: { identity: { userId: 'alice', role: 'VIEWER', scopes: null, clientAddress: '10.0.0.2' }, credentialExpiresAt: null, apiKeyPrefix: null },
  aliceKey: {
    identity: { userId: 'alice', role: 'VIEWER', scopes: ['read:market'], clientAddress: '10.0.0.1' },
    credentialExpiresAt: null,
    apiKeyPrefix: 'key1',
  },
  bob: { identity: { userId: 'bob', role: 'VIEWER', scopes: null, clientAddress: '10.0.0.1' }, credentialExpiresAt: null, apiKeyPrefix: null },
  admin: { identity: { userId: 'carol', role: 'ADMIN', scopes: null, clientAddress: '10.0.0.1' }, credentialExpiresAt: null, apiKeyPrefix: null },
};

/** A pipeline: parse, validate, a plugin that sees every caller (like the budgets), dedup, and an execution the test releases. */
function pipeline() {
  const callers: string[] = [];
  const keys: string[] = [];
  const executions: { caller: string; release: (outcome: OperationOutcome | Error) => void }[] = [];
  const perCaller: GatewayPlugin = {
    name: 'per-caller',
    onOperation(operation, next) {
      callers.push(operation.context.identity.userId!);
      keys.push(sharingKeyOf(operation));
      operation.responseExtensions = { caller: operation.context.identity.userId };
      return next();
    },
  };
  const execute: GatewayPlugin = {
    name: 'execute',
    onOperation: (operation) =>
      new Promise((resolve, reject) => {
        executions.push({ caller: operation.context.identity.userId!, release: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) });
      }),
  };
  const deduplication = useInflightDeduplication();
  const forgotten = { count: 0 };
  const freshAfterMutations = useFreshAfterMutations({
    forgetShared: () => {
      forgotten.count += 1;
      deduplication.releaseAll();
    },
  });
  const core = createOperationCore({
    plugins: [
      useErrorPolicy({ formatError: (error) => error, onUnexpected: () => {} }),
      useParser({ maxTokens: 1000 }),
      useValidation({ schema, introspection: false, subscriptionEndpoints: 'nowhere' }),
      perCaller,
      freshAfterMutations,
      deduplication,
      execute,
    ],
    authenticate: async (credentials) => contexts[credentials.authorization!]!,
    onUnexpected,
  });
  const run = async (caller: keyof typeof contexts, query: string, variables?: Record<string, unknown>) => {
    const connection = core.open({ transport: 'http', clientAddress: '127.0.0.1', persistent: false, onEnd: () => {} });
    await connection.authenticate({ authorization: caller, clientAddress: '127.0.0.1' });
    return connection.execute({ query, variables: variables ?? null }, capabilities);
  };
  return { run, callers, keys, executions, deduplication, forgotten };
}

const answer = (data: Record<string, unknown>): OperationOutcome => ({ kind: 'result', status: 200, result: { data } });

describe('in-flight deduplication', () => {
  it('gives concurrent identical queries of one authority one execution and one serialized result, each with its own extensions', async () => {
    const { run, callers, executions, deduplication } = pipeline();
    const outcomes = [run('alice', '{ hello }'), run('alice', '{ hello }'), run('aliceFromElsewhere', '{ hello }')];
    await expect.poll(() => callers.length).toBe(3);
    expect(executions).toHaveLength(1);
    expect(deduplication.inFlight()).toBe(1);
    executions[0]!.release(answer({ hello: 'world' }));
    const results = await Promise.all(outcomes);
    for (const outcome of results) expect(outcome).toMatchObject({ kind: 'result', result: { data: { hello: 'world' }, extensions: { caller: 'alice' } } });
    const bodies = results.map((outcome) => (outcome.kind === 'result' ? serializedResult(outcome.result).toString() : ''));
    expect(bodies.map((body) => JSON.parse(body))).toEqual(results.map(() => ({ data: { hello: 'world' }, extensions: { caller: 'alice' } })));
    expect(deduplication.inFlight()).toBe(0);
    // Once settled, the same query executes again.
    const again = run('alice', '{ hello }');
    await expect.poll(() => executions.length).toBe(2);
    executions[1]!.release(answer({ hello: 'again' }));
    expect(await again).toMatchObject({ result: { data: { hello: 'again' } } });
  });

  it('never shares across users, roles or scopes, nor across variables or documents', async () => {
    const { run, executions } = pipeline();
    const outcomes = [
      run('alice', 'query($n: String) { hello(name: $n) }', { n: 'x' }),
      run('bob', 'query($n: String) { hello(name: $n) }', { n: 'x' }),
      run('admin', 'query($n: String) { hello(name: $n) }', { n: 'x' }),
      run('aliceKey', 'query($n: String) { hello(name: $n) }', { n: 'x' }),
      run('alice', 'query($n: String) { hello(name: $n) }', { n: 'y' }),
      run('alice', 'query  { hello }'),
    ];
    await expect.poll(() => executions.length).toBe(6);
    for (const execution of executions) execution.release(answer({ hello: execution.caller }));
    const results = await Promise.all(outcomes);
    expect(results.map((outcome) => (outcome.kind === 'result' ? outcome.result.data?.hello : null))).toEqual([
      'alice',
      'bob',
      'carol',
      'alice',
      'alice',
      'alice',
    ]);
  });

  it('never deduplicates mutations', async () => {
    const { run, executions } = pipeline();
    const outcomes = [run('alice', 'mutation { bump }'), run('alice', 'mutation { bump }')];
    await expect.poll(() => executions.length).toBe(2);
    executions.forEach((execution, index) => execution.release(answer({ bump: index + 1 })));
    expect((await Promise.all(outcomes)).map((outcome) => (outcome.kind === 'result' ? outcome.result.data?.bump : null))).toEqual([1, 2]);
  });

  it('lets later queries execute anew once released (the shared execution may have read data that changed)', async () => {
    const { run, callers, keys, executions, deduplication } = pipeline();
    const first = run('alice', '{ hello }');
    await expect.poll(() => executions.length).toBe(1);
    const joined = run('alice', '{ hello }');
    await expect.poll(() => callers.length).toBe(2);
    expect(executions).toHaveLength(1);
    deduplication.release(keys[0]!);
    const after = run('alice', '{ hello }');
    await expect.poll(() => executions.length).toBe(2);
    executions[0]!.release(answer({ hello: 'before' }));
    executions[1]!.release(answer({ hello: 'after' }));
    expect((await Promise.all([first, joined, after])).map((outcome) => (outcome.kind === 'result' ? outcome.result.data?.hello : null))).toEqual([
      'before',
      'before',
      'after',
    ]);
  });

  it('never lets a query sent after a mutation completed join an execution that began before it, whoever ran the mutation, whether it failed or not', async () => {
    const { run, callers, executions, forgotten } = pipeline();
    const early = run('alice', '{ hello }');
    await expect.poll(() => executions.length).toBe(1);
    const mutation = run('bob', 'mutation { bump }');
    await expect.poll(() => executions.length).toBe(2);
    const joined = run('alice', '{ hello }');
    await expect.poll(() => callers.length).toBe(3);
    executions[1]!.release(answer({ bump: 1 }));
    await mutation;
    expect(forgotten.count).toBe(1);
    const late = run('alice', '{ hello }');
    await expect.poll(() => executions.length).toBe(3);
    const failing = run('admin', 'mutation { bump }');
    await expect.poll(() => executions.length).toBe(4);
    executions[3]!.release(new Error('boom'));
    await failing;
    expect(forgotten.count).toBe(2);
    executions[0]!.release(answer({ hello: 'before' }));
    executions[2]!.release(answer({ hello: 'after' }));
    expect((await Promise.all([early, joined, late])).map((outcome) => (outcome.kind === 'result' ? outcome.result.data?.hello : null))).toEqual([
      'before',
      'before',
      'after',
    ]);
  });

  it('fails every caller of a failed execution alike, and forgets it', async () => {
    const { run, executions, deduplication } = pipeline();
    const outcomes = [run('bob', '{ hello }'), run('bob', '{ hello }')];
    await expect.poll(() => executions.length).toBe(1);
    executions[0]!.release(new Error('boom'));
    for (const outcome of await Promise.all(outcomes))
      expect(outcome).toMatchObject({ status: 500, result: { errors: [{ extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } });
    expect(deduplication.inFlight()).toBe(0);
  });
});
