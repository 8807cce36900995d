import { apiKeyRevokedChannel, createMemoryEventBus, userSessionChangedChannel } from '@cryptograph/core';
import { describe, expect, it } from 'vitest';
import { watchCredentialRevocations, type CredentialRevocation } from './credential-revocations.js';

describe('the credential revocation feed', () => {
  it('announces revoked keys and changed user sessions from the bus, in registration order, ignoring malformed messages', async () => {
    const bus = createMemoryEventBus();
    const revocations = watchCredentialRevocations(bus);
    const seen: string[] = [];
    revocations.onRevoked((revocation) => seen.push(`cache:${label(revocation)}`));
    const stop = revocations.onRevoked((revocation) => seen.push(`connections:${label(revocation)}`));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await bus.publish(userSessionChangedChannel, { userId: 'u-1' });
    await bus.publish(apiKeyRevokedChannel, { prefix: 'cgk_abcdefgh' });
    await bus.publish(userSessionChangedChannel, { userId: 42 });
    await bus.publish(userSessionChangedChannel, null);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual(['cache:user u-1', 'connections:user u-1', 'cache:api-key cgk_abcdefgh', 'connections:api-key cgk_abcdefgh']);
    stop();
    await bus.publish(userSessionChangedChannel, { userId: 'u-2' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.at(-1)).toBe('cache:user u-2');
    await revocations.close();
    await bus.close();
  });
});

function label(revocation: CredentialRevocation): string {
  return revocation.kind === 'user' ? `user ${revocation.userId}` : `api-key ${revocation.apiKeyPrefix}`;
}
