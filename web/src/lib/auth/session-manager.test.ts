import { describe, expect, it } from 'vitest';
import type { SessionFragment } from '../../generated/graphql';
import { SessionManager, SessionRejected, sessionEndedMessage, type SessionStorage } from './session-manager';

function memoryStorage(): SessionStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

const user = { id: '1', username: 'ada', email: 'ada@example.com', role: 'VIEWER' as const, active: true, createdAt: '2024-01-01T00:00:00.000Z' };
const payload = (n: number): SessionFragment => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 60, user });

describe('SessionManager', () => {
  it('returns the stored access token while it is fresh and rotates it silently before it expires', async () => {
    let now = 0;
    const used: string[] = [];
    const session = new SessionManager(
      memoryStorage(),
      async (token) => (used.push(token), payload(used.length + 1)),
      () => now,
    );
    session.signIn(payload(1));
    expect(await session.accessToken()).toBe('access-1');
    now = 45_000;
    const [a, b] = await Promise.all([session.accessToken(), session.accessToken()]);
    expect([a, b]).toEqual(['access-2', 'access-2']);
    expect(used).toEqual(['refresh-1']);
    now = 90_000;
    expect(await session.accessToken()).toBe('access-3');
    expect(used).toEqual(['refresh-1', 'refresh-2']);
  });

  it('ends the session with a clear reason when the server refuses the refresh token', async () => {
    let now = 0;
    const storage = memoryStorage();
    const session = new SessionManager(
      storage,
      async () => Promise.reject(new SessionRejected('revoked')),
      () => now,
    );
    const states: (string | null)[] = [];
    session.subscribe((state) => states.push(state.endedReason));
    session.signIn(payload(1));
    now = 60_000;
    expect(await session.accessToken()).toBeNull();
    expect(session.state).toEqual({ user: null, endedReason: sessionEndedMessage });
    expect(storage.values.size).toBe(0);
    expect(states).toEqual([null, sessionEndedMessage]);
  });

  it('keeps the session across page loads and forgets it on sign-out', () => {
    const storage = memoryStorage();
    new SessionManager(storage, async () => payload(2)).signIn(payload(1));
    const reloaded = new SessionManager(storage, async () => payload(2));
    expect(reloaded.state.user?.username).toBe('ada');
    expect(reloaded.signOut()).toBe('refresh-1');
    expect(new SessionManager(storage, async () => payload(2)).state.user).toBeNull();
  });
});
