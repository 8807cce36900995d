import { createMemoryEventBus, userSessionChangedChannel, type SessionState } from '@cryptograph/core/base';
import { afterEach, describe, expect, it } from 'vitest';
import { watchCredentialRevocations, type CredentialRevocations } from './credential-revocations.js';
import { createSessionStates } from './session-states.js';
import { droppableBus } from './test-support/droppable-bus.js';
import { expectLeastRecentlyUsedForgotten } from './test-support/least-recently-used.js';
import { UsersServiceUnavailable, type UsersInternalClient } from './users-internal-client.js';

/** The users subgraph's answers, changed by each test, with a count of the requests and a way to hold them. */
function usersAnswering(states: Map<string, SessionState | null>) {
  const calls: string[] = [];
  let gate: Promise<void> | undefined;
  const health = { down: false };
  const client: UsersInternalClient = {
    async request<T>(_path: string, _scope: string, body?: unknown) {
      const { userId } = body as { userId: string };
      calls.push(userId);
      if (health.down) throw new UsersServiceUnavailable('down');
      const answer = states.get(userId) ?? null;
      await gate;
      return { session: answer } as T;
    },
  };
  return { client, calls, health, hold: (until: Promise<void>) => (gate = until) };
}

const bus = createMemoryEventBus();
let revocations: CredentialRevocations | undefined;
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

afterEach(async () => {
  await revocations?.close();
});

describe('session states', () => {
  it('asks once per user, shares concurrent misses, and asks again after an announced change', async () => {
    const states = new Map<string, SessionState | null>([['u1', { userId: 'u1', role: 'VIEWER', version: 0 }]]);
    const users = usersAnswering(states);
    revocations = watchCredentialRevocations(bus);
    const sessions = createSessionStates({ users: users.client, revocations, cacheMs: 60_000 });
    const answers = await Promise.all([sessions.current('u1'), sessions.current('u1'), sessions.current('u1')]);
    expect(answers.every((answer) => answer?.version === 0)).toBe(true);
    expect(await sessions.current('u1')).toEqual({ userId: 'u1', role: 'VIEWER', version: 0 });
    expect(users.calls).toEqual(['u1']);

    states.set('u1', { userId: 'u1', role: 'ANALYST', version: 1 });
    await bus.publish(userSessionChangedChannel, { userId: 'u1' });
    await settle();
    expect(await sessions.current('u1')).toEqual({ userId: 'u1', role: 'ANALYST', version: 1 });
    expect(users.calls).toEqual(['u1', 'u1']);
    sessions.close();
  });

  it('forgets the user before later listeners (open connections) check again, so they see the new state', async () => {
    const states = new Map<string, SessionState | null>([['u2', { userId: 'u2', role: 'ADMIN', version: 3 }]]);
    const users = usersAnswering(states);
    revocations = watchCredentialRevocations(bus);
    const sessions = createSessionStates({ users: users.client, revocations, cacheMs: 60_000 });
    await sessions.current('u2');
    const seenByConnection: (SessionState | null)[] = [];
    revocations.onRevoked((revocation) => {
      if (revocation.kind === 'user') void sessions.current(revocation.userId).then((state) => seenByConnection.push(state));
    });
    states.set('u2', null);
    await bus.publish(userSessionChangedChannel, { userId: 'u2' });
    await settle();
    expect(seenByConnection).toEqual([null]);
    sessions.close();
  });

  it('never caches nor shares an answer that was in flight when the change was announced', async () => {
    const states = new Map<string, SessionState | null>([['u3', { userId: 'u3', role: 'VIEWER', version: 0 }]]);
    const users = usersAnswering(states);
    revocations = watchCredentialRevocations(bus);
    const sessions = createSessionStates({ users: users.client, revocations, cacheMs: 60_000 });
    let release!: () => void;
    users.hold(new Promise((resolve) => (release = resolve)));
    const early = sessions.current('u3');
    await settle();
    states.set('u3', { userId: 'u3', role: 'VIEWER', version: 1 });
    await bus.publish(userSessionChangedChannel, { userId: 'u3' });
    await settle();
    const late = sessions.current('u3');
    release();
    expect((await early)?.version).toBe(0);
    expect((await late)?.version).toBe(1);
    expect((await sessions.current('u3'))?.version).toBe(1);
    sessions.close();
  });

  it('asks again when a token is newer than the cached state (a change this gateway did not hear of), and after the cache time', async () => {
    const states = new Map<string, SessionState | null>([['u4', { userId: 'u4', role: 'VIEWER', version: 0 }]]);
    const users = usersAnswering(states);
    revocations = watchCredentialRevocations(undefined);
    const sessions = createSessionStates({ users: users.client, revocations, cacheMs: 50 });
    await sessions.current('u4');
    states.set('u4', { userId: 'u4', role: 'VIEWER', version: 2 });
    expect((await sessions.current('u4', 2))?.version).toBe(2);
    states.set('u4', { userId: 'u4', role: 'ANALYST', version: 3 });
    expect((await sessions.current('u4'))?.version).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await sessions.current('u4'))?.role).toBe('ANALYST');
    expect(users.calls).toHaveLength(3);
    sessions.close();
  });

  it('while the users subgraph is down, keeps using a known state that no revocation evicted, and refuses unknown users', async () => {
    const states = new Map<string, SessionState | null>([
      ['u5', { userId: 'u5', role: 'VIEWER', version: 0 }],
      ['u6', { userId: 'u6', role: 'VIEWER', version: 0 }],
    ]);
    const users = usersAnswering(states);
    revocations = watchCredentialRevocations(bus);
    const sessions = createSessionStates({ users: users.client, revocations, cacheMs: 20, staleIfErrorMs: 60_000 });
    await sessions.current('u5');
    await sessions.current('u6');
    users.health.down = true;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await sessions.current('u5'))?.version).toBe(0);
    await expect(sessions.current('unknown')).rejects.toBeInstanceOf(UsersServiceUnavailable);
    await bus.publish(userSessionChangedChannel, { userId: 'u6' });
    await settle();
    await expect(sessions.current('u6')).rejects.toBeInstanceOf(UsersServiceUnavailable);
    sessions.close();
  });
});

describe('session states when more users are known than the cache holds (50,000)', () => {
  it('forgets the least recently used user only, never every user at once', async () => {
    const users = usersAnswering(new Map());
    revocations = watchCredentialRevocations(undefined);
    const sessions = createSessionStates({ users: users.client, revocations, cacheMs: 60_000 });
    await expectLeastRecentlyUsedForgotten(50_000, (userId) => sessions.current(userId), users.calls);
    sessions.close();
  });
  it('after missed revocations (the bus dropped), asks again for every state it holds, and still falls back on them while the users service is down', async () => {
    const states = new Map<string, SessionState | null>([['u1', { userId: 'u1', role: 'VIEWER', version: 0 }]]);
    const users = usersAnswering(states);
    const { bus: droppable, connection } = droppableBus();
    revocations = watchCredentialRevocations(droppable);
    const sessions = createSessionStates({ users: users.client, revocations, cacheMs: 60_000 });
    await sessions.current('u1');
    await sessions.current('u1');
    expect(users.calls).toEqual(['u1']);
    // A role change announced while the bus was down: nobody heard it.
    states.set('u1', { userId: 'u1', role: 'ANALYST', version: 1 });
    connection.up = false;
    await revocations.caughtUp();
    expect(await sessions.current('u1')).toEqual({ userId: 'u1', role: 'ANALYST', version: 1 });
    expect(users.calls).toEqual(['u1', 'u1']);
    await revocations.caughtUp();
    users.health.down = true;
    expect(await sessions.current('u1')).toEqual({ userId: 'u1', role: 'ANALYST', version: 1 });
    expect(users.calls).toEqual(['u1', 'u1', 'u1']);
    sessions.close();
  });
});
