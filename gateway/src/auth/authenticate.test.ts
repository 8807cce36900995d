import { generateSigningKeyPem, signAccessToken, signingKeyFromPem, type SessionState } from '@cryptograph/core/base';
import { createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from './authenticate.js';
import type { SessionStates } from './session-states.js';
import { UsersServiceUnavailable } from './users-internal-client.js';

const key = await signingKeyFromPem(generateSigningKeyPem());
const keys = createLocalJWKSet({ keys: [key.publicJwk] });

/** Session states that answer from `states` (or fail like an unreachable users subgraph). */
function sessionsOf(states: Record<string, SessionState | null | 'down'>): SessionStates {
  return {
    async current(userId) {
      const state = states[userId];
      if (state === 'down') throw new UsersServiceUnavailable('down');
      return state ?? null;
    },
    close: () => undefined,
  };
}

async function outcome(promise: Promise<{ identity: { role: string | null } }>) {
  try {
    return { role: (await promise).identity.role };
  } catch (error) {
    const extensions = (error as { extensions?: Record<string, unknown> }).extensions ?? {};
    return { code: extensions.code, status: (extensions.http as { status?: number } | undefined)?.status, message: (error as Error).message };
  }
}

describe('access tokens at the gateway', () => {
  const authenticate = createAuthenticator({
    accessTokenKeys: keys,
    sessions: sessionsOf({
      demoted: { userId: 'demoted', role: 'VIEWER', version: 4 },
      current: { userId: 'current', role: 'ANALYST', version: 2 },
      gone: null,
      unreachable: 'down',
    }),
  });
  const bearer = async (userId: string, role: 'ADMIN' | 'ANALYST' | 'VIEWER', sessionVersion: number) =>
    `Bearer ${await signAccessToken({ userId, role, sessionVersion }, key, 60)}`;

  it('act with the role the user has now, never the role inside the token', async () => {
    expect(await outcome(authenticate(await bearer('current', 'ADMIN', 2), '10.0.0.1'))).toEqual({ role: 'ANALYST' });
  });

  it('are refused once older than the session version, or when the user is gone', async () => {
    expect(await outcome(authenticate(await bearer('demoted', 'ADMIN', 3), '10.0.0.1'))).toMatchObject({
      code: 'UNAUTHENTICATED',
      status: 401,
      message: expect.stringMatching(/revoked/),
    });
    expect(await outcome(authenticate(await bearer('current', 'ANALYST', 3), '10.0.0.1'))).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(await outcome(authenticate(await bearer('gone', 'VIEWER', 0), '10.0.0.1'))).toMatchObject({
      code: 'UNAUTHENTICATED',
      status: 401,
      message: expect.stringMatching(/session has ended/),
    });
  });

  it('are a downstream error, not an invalid token, when the users subgraph cannot be asked', async () => {
    expect(await outcome(authenticate(await bearer('unreachable', 'VIEWER', 0), '10.0.0.1'))).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', status: 503 });
  });
});
