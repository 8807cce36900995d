import { describe, expect, it } from 'vitest';
import { refreshSocketCredential, type RefreshableSession, type Timers } from './socket-credential-refresh';

/** A session whose token the test rotates, and timers the test fires by hand. */
function setup() {
  let now = 0;
  let token = 'token-1';
  let freshUntil = 20_000;
  let rotations = 0;
  const listeners = new Set<() => void>();
  const session: RefreshableSession = {
    get currentAccessToken() {
      return token ? { token, freshUntil } : null;
    },
    async accessToken() {
      if (now < freshUntil) return token;
      rotations += 1;
      token = `token-${rotations + 1}`;
      freshUntil = now + 20_000;
      listeners.forEach((listener) => listener());
      return token;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const pending: { at: number; callback: () => void }[] = [];
  const timers: Timers = {
    set: (callback, ms) => {
      const entry = { at: now + ms, callback };
      pending.push(entry);
      return entry as unknown as ReturnType<typeof setTimeout>;
    },
    clear: (timer) => {
      const index = pending.indexOf(timer as never);
      if (index >= 0) pending.splice(index, 1);
    },
  };
  const sent: unknown[] = [];
  const socket = { send: (data: string) => void sent.push(JSON.parse(data)) };
  const advance = async (ms: number) => {
    now += ms;
    for (const entry of pending.filter((candidate) => candidate.at <= now)) {
      pending.splice(pending.indexOf(entry), 1);
      entry.callback();
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  const refresher = refreshSocketCredential(session, timers, () => now);
  return {
    refresher,
    socket,
    sent,
    advance,
    rotations: () => rotations,
    pending,
    rotateElsewhere: () => session.accessToken(),
    setNow: (value: number) => (now = value),
  };
}

describe('refreshSocketCredential', () => {
  it('rotates the token when it stops being fresh and sends the new one in a graphql-ws ping', async () => {
    const { refresher, socket, sent, advance, rotations } = setup();
    refresher.connected(socket);
    await advance(19_000);
    expect(sent).toEqual([]);
    await advance(1_000);
    expect(rotations()).toBe(1);
    expect(sent).toEqual([{ type: 'ping', payload: { authorization: 'Bearer token-2' } }]);
    await advance(20_000);
    expect(sent.at(-1)).toEqual({ type: 'ping', payload: { authorization: 'Bearer token-3' } });
  });

  it('sends a token rotated by someone else (an HTTP request) at once, and nothing while the socket is closed', async () => {
    const { refresher, socket, sent, advance, rotateElsewhere, setNow, pending } = setup();
    refresher.connected(socket);
    setNow(20_000);
    await rotateElsewhere();
    expect(sent).toEqual([{ type: 'ping', payload: { authorization: 'Bearer token-2' } }]);
    refresher.closed();
    expect(pending).toEqual([]);
    await advance(30_000);
    await rotateElsewhere();
    expect(sent).toHaveLength(1);
  });

  it('stops following the session when disposed', async () => {
    const { refresher, socket, sent, rotateElsewhere, setNow } = setup();
    refresher.connected(socket);
    refresher.dispose();
    setNow(20_000);
    await rotateElsewhere();
    expect(sent).toEqual([]);
  });
});
