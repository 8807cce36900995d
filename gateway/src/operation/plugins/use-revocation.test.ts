import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { serviceRegistry } from '@cryptograph/otel';
import type { CatchUp, CredentialRevocation, CredentialRevocations, RevocationListener } from '../../auth/credential-revocations.js';
import type { GatewayContext } from '../../context.js';
import type { GatewayPlugin } from '../gateway-plugin.js';
import { createOperationCore } from '../operation-core.js';
import { useErrorPolicy } from './use-error-policy.js';
import { useParser } from './use-parser.js';
import { useRevocation } from './use-revocation.js';
import { useValidation } from './use-validation.js';

const schema = buildSchema('type Query { me: String }  type Mutation { revokeApiKey: String }');
const alice: GatewayContext = {
  identity: { userId: 'alice', role: 'VIEWER', scopes: null, clientAddress: '127.0.0.1' },
  credentialExpiresAt: null,
  apiKeyPrefix: null,
};

/** A revocation feed whose bus has not caught up until the test says so. */
function lateFeed(steps: string[]) {
  const waiting: ((outcome: CatchUp) => void)[] = [];
  const listeners: RevocationListener[] = [];
  const revocations: CredentialRevocations = {
    onRevoked: (listener) => {
      listeners.push(listener);
      return () => {};
    },
    caughtUp: () => {
      steps.push('caught up?');
      return new Promise<CatchUp>((resolve) => waiting.push(resolve));
    },
    close: async () => {},
  };
  return { revocations, waiting, announce: (revocation: CredentialRevocation) => listeners.forEach((listener) => listener(revocation)) };
}

function pipeline(revocations: CredentialRevocations, steps: string[], service: string) {
  const execute: GatewayPlugin = {
    name: 'execute',
    onOperation: async (operation) => {
      steps.push(`executed ${operation.definition!.operation}`);
      return { kind: 'result', status: 200, result: { data: { [operation.definition!.operation]: 'done' } } };
    },
  };
  const core = createOperationCore({
    plugins: [
      useRevocation({ revocations, service }),
      useErrorPolicy({ formatError: (error) => error, onUnexpected: () => {} }),
      useParser({ maxTokens: 1000 }),
      useValidation({ schema, introspection: false, subscriptionEndpoints: 'nowhere' }),
      execute,
    ],
    authenticate: async () => alice,
    onUnexpected: (error) => {
      throw error;
    },
  });
  return async (query: string) => {
    const connection = core.open({ transport: 'http', clientAddress: '127.0.0.1', persistent: false, onEnd: () => {} });
    await connection.authenticate({ authorization: 'alice', clientAddress: '127.0.0.1' });
    return connection.execute({ query }, { accepts: new Set(['query', 'mutation']), metadata: true });
  };
}

describe('the revocation plugin', () => {
  it("holds a mutation's answer until the gateway has heard every revocation published before it; queries do not wait", async () => {
    const steps: string[] = [];
    const { revocations, waiting } = lateFeed(steps);
    const run = pipeline(revocations, steps, 'revocation-wait-test');
    expect(await run('{ me }')).toMatchObject({ result: { data: { query: 'done' } } });
    expect(waiting).toHaveLength(0);
    let answered = false;
    const mutation = run('mutation { revokeApiKey }').then((outcome) => {
      answered = true;
      return outcome;
    });
    await expect.poll(() => waiting.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    // The mutation ran first: the revocations to wait for are those it published.
    expect(steps).toEqual(['executed query', 'executed mutation', 'caught up?']);
    waiting[0]!('heard');
    expect(await mutation).toMatchObject({ result: { data: { mutation: 'done' } } });
  });

  it('counts the revocations it hears by kind, and how long mutations waited by outcome (nothing without a bus)', async () => {
    const steps: string[] = [];
    const { revocations, waiting, announce } = lateFeed(steps);
    const service = 'revocation-metrics-test';
    const run = pipeline(revocations, steps, service);
    announce({ kind: 'api-key', apiKeyPrefix: 'cgk_a' });
    announce({ kind: 'missed' });
    announce({ kind: 'missed' });
    for (const outcome of ['heard', 'missed', 'missed', 'no bus'] as const) {
      const mutation = run('mutation { revokeApiKey }');
      await expect.poll(() => waiting.length).toBeGreaterThan(0);
      waiting.shift()!(outcome);
      await mutation;
    }
    const text = await serviceRegistry(service).metrics();
    /** The value of the sample of `name` whose labels include `label`, whatever their order. */
    const sample = (name: string, label: string) =>
      Number(
        text
          .split('\n')
          .find((line) => line.startsWith(`${name}{`) && line.includes(label))
          ?.split(' ')[1],
      );
    expect(sample('cryptograph_credential_revocations_total', 'kind="api-key"')).toBe(1);
    expect(sample('cryptograph_credential_revocations_total', 'kind="missed"')).toBe(2);
    expect(sample('cryptograph_revocation_catch_up_seconds_count', 'outcome="heard"')).toBe(1);
    expect(sample('cryptograph_revocation_catch_up_seconds_count', 'outcome="missed"')).toBe(2);
  });
});
