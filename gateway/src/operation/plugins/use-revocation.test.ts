import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { CredentialRevocations } from '../../auth/credential-revocations.js';
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
  const waiting: (() => void)[] = [];
  const revocations: CredentialRevocations = {
    onRevoked: () => () => {},
    caughtUp: () => {
      steps.push('caught up?');
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    close: async () => {},
  };
  return { revocations, waiting };
}

function pipeline(revocations: CredentialRevocations, steps: string[]) {
  const execute: GatewayPlugin = {
    name: 'execute',
    onOperation: async (operation) => {
      steps.push(`executed ${operation.definition!.operation}`);
      return { kind: 'result', status: 200, result: { data: { [operation.definition!.operation]: 'done' } } };
    },
  };
  const core = createOperationCore({
    plugins: [
      useRevocation({ revocations }),
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
    const run = pipeline(revocations, steps);
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
    waiting[0]!();
    expect(await mutation).toMatchObject({ result: { data: { mutation: 'done' } } });
  });
});
