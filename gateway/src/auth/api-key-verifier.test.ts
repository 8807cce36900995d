import { apiKeyRevokedChannel, createMemoryEventBus, userSessionChangedChannel, type VerifiedApiKey } from '@cryptograph/core/base';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiKeyVerifier } from './api-key-verifier.js';
import { watchCredentialRevocations, type CredentialRevocations } from './credential-revocations.js';
import { droppableBus } from './test-support/droppable-bus.js';
import { expectLeastRecentlyUsedForgotten } from './test-support/least-recently-used.js';
import { UsersServiceUnavailable, type UsersInternalClient } from './users-internal-client.js';

/** A users subgraph that knows every key `key-<n>` (owner `owner-<n>`), counting the keys it is asked about. */
function usersKnowingEveryKey() {
  const asked: string[] = [];
  const client: UsersInternalClient = {
    async request<T>(_path: string, _scope: string, body?: unknown) {
      const { key } = body as { key: string };
      asked.push(key);
      const verified: VerifiedApiKey = { keyId: key, prefix: `prefix-${key}`, userId: `owner-${key}`, role: 'VIEWER', scopes: ['market:read'] };
      return { key: verified } as T;
    },
  };
  return { client, asked };
}

const bus = createMemoryEventBus();
let revocations: CredentialRevocations | undefined;

afterEach(async () => {
  await revocations?.close();
});

describe('API key verifier cache', () => {
  it('evicts revoked keys and keys of a changed owner, keeping the others', async () => {
    const users = usersKnowingEveryKey();
    revocations = watchCredentialRevocations(bus);
    const verifier = createApiKeyVerifier({ users: users.client, revocations, cacheMs: 60_000 });
    for (const key of ['a', 'b', 'c']) await verifier.verify(key);
    await bus.publish(apiKeyRevokedChannel, { prefix: 'prefix-a' });
    await bus.publish(userSessionChangedChannel, { userId: 'owner-b' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const key of ['a', 'b', 'c']) await verifier.verify(key);
    expect(users.asked).toEqual(['a', 'b', 'c', 'a', 'b']);
    await verifier.close();
  });

  it('when more keys are in use than it holds (10,000), forgets the least recently used key only, never every key at once', async () => {
    const users = usersKnowingEveryKey();
    revocations = watchCredentialRevocations(undefined);
    const verifier = createApiKeyVerifier({ users: users.client, revocations, cacheMs: 60_000 });
    await expectLeastRecentlyUsedForgotten(10_000, (key) => verifier.verify(key), users.asked);
    await verifier.close();
  });
  it('after missed revocations (the bus dropped), asks again for every key it holds, and still falls back on them while the users service is down', async () => {
    const users = usersKnowingEveryKey();
    let usersDown = false;
    const client: UsersInternalClient = {
      request: (path, scope, body) => (usersDown ? Promise.reject(new UsersServiceUnavailable('down')) : users.client.request(path, scope, body)),
    };
    const { bus: droppable, connection } = droppableBus();
    revocations = watchCredentialRevocations(droppable);
    const verifier = createApiKeyVerifier({ users: client, revocations, cacheMs: 60_000 });
    await verifier.verify('a');
    await verifier.verify('a');
    expect(users.asked).toEqual(['a']);
    connection.up = false;
    await revocations.caughtUp();
    expect(await verifier.verify('a')).toMatchObject({ prefix: 'prefix-a' });
    expect(users.asked).toEqual(['a', 'a']);
    await revocations.caughtUp();
    usersDown = true;
    expect(await verifier.verify('a')).toMatchObject({ prefix: 'prefix-a' });
    await verifier.close();
  });
});
