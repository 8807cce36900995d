import { testEnvironment } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginMutation, updateMeMutation } from '../test-support/operations.js';
import { signUp } from '../test-support/test-accounts.js';
import { anonymous, signedIn, startUsersTestService, uniqueSuffix, type UsersTestService } from '../test-support/users-test-service.js';

const limits = { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '5', LOGIN_FAILURE_WINDOW_SECONDS: '900' };

/** A fresh client address, so address counters of different tests never meet. */
const freshAddress = () => `198.51.${Number.parseInt(uniqueSuffix().slice(0, 2), 16)}.${Number.parseInt(uniqueSuffix().slice(0, 2), 16)}-${uniqueSuffix()}`;

async function attempt(users: UsersTestService, login: string, password: string, address = freshAddress()) {
  const result = await users.request(loginMutation, { input: { login, password } }, anonymous(address));
  const error = result.errors?.[0];
  return {
    code: error?.extensions?.code,
    message: error?.message,
    retryAfter: error?.extensions?.retryAfter as number | undefined,
    userId: result.data?.login?.user?.id as string | undefined,
  };
}

function throttleScenarios(name: string, settings: () => Record<string, string>) {
  describe(name, () => {
    let users: UsersTestService;

    beforeAll(async () => {
      users = await startUsersTestService({ ...limits, ...settings() });
    });

    afterAll(async () => {
      await users?.close();
    });

    it('refuses a login name after its failures, whatever the address or letter case, even with the right password', async () => {
      const user = await signUp(users);
      for (const login of [user.email, user.email.toUpperCase(), ` ${user.email} `])
        expect((await attempt(users, login, 'Wrong-password-1')).code).toBe('UNAUTHENTICATED');
      const limited = await attempt(users, user.email, user.password);
      expect(limited.code).toBe('RATE_LIMITED');
      expect(limited.retryAfter).toBeGreaterThan(800);
      expect(limited.retryAfter).toBeLessThanOrEqual(900);
    });

    it('resets the count after a correct password', async () => {
      const user = await signUp(users);
      for (let index = 0; index < 2; index++) expect((await attempt(users, user.username, 'Wrong-password-1')).code).toBe('UNAUTHENTICATED');
      expect((await attempt(users, user.username, user.password)).userId).toBe(user.id);
      for (let index = 0; index < 3; index++) expect((await attempt(users, user.username, 'Wrong-password-1')).code).toBe('UNAUTHENTICATED');
      expect((await attempt(users, user.username, 'Wrong-password-1')).code).toBe('RATE_LIMITED');
    });

    it('counts hundreds of parallel guesses atomically before the password check: only the limit reaches it, the right password among them does not pass', async () => {
      const user = await signUp(users);
      const guesses = Array.from({ length: 200 }, (_, index) => (index === 5 ? user.password : `Wrong-password-${index}`));
      const results = await Promise.all(guesses.map((password) => attempt(users, user.username, password)));
      const codes = results.map((result) => result.code ?? 'OK');
      expect(codes.filter((code) => code === 'OK').length + codes.filter((code) => code === 'UNAUTHENTICATED').length).toBe(3);
      expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(197);
      expect((await attempt(users, user.username, user.password)).code).toBe('RATE_LIMITED');
    });

    it('tells nothing about which accounts exist: an unknown name fails, locks and answers exactly like a known one', async () => {
      const user = await signUp(users);
      const ghost = `ghost_${uniqueSuffix()}`;
      const known: unknown[] = [];
      const unknown: unknown[] = [];
      for (let index = 0; index < 4; index++) {
        const [a, b] = [await attempt(users, user.username, 'Wrong-password-1'), await attempt(users, ghost, 'Wrong-password-1')];
        known.push([a.code, a.message]);
        unknown.push([b.code, b.message]);
      }
      expect(unknown).toEqual(known);
      expect(known.at(-1)).toEqual(['RATE_LIMITED', 'Too many failed login attempts; try again later.']);
      // Each login name counts on its own, so the locked username says nothing about the email of that account.
      expect((await attempt(users, user.email, user.password)).userId).toBe(user.id);
    });

    it('refuses a client address after its failures across accounts', async () => {
      const address = freshAddress();
      for (let index = 0; index < 5; index++) {
        expect((await attempt(users, `ghost_${uniqueSuffix()}`, 'Wrong-password-1', address)).code).toBe('UNAUTHENTICATED');
      }
      const user = await signUp(users);
      expect((await attempt(users, user.username, user.password, address)).code).toBe('RATE_LIMITED');
      expect((await attempt(users, user.username, user.password, freshAddress())).userId).toBe(user.id);
    });

    it('counts current-password checks of updateMe like logins', async () => {
      const user = await signUp(users);
      const me = signedIn(user.id, 'VIEWER', freshAddress());
      const change = (currentPassword: string) => users.request(updateMeMutation, { input: { currentPassword, newPassword: 'A whole new passphrase' } }, me);
      for (let index = 0; index < 3; index++) expect((await change('Wrong-password-1')).errors?.[0]?.extensions?.field).toBe('currentPassword');
      expect((await change(user.password)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    });
  });
}

throttleScenarios('login throttle in memory', () => ({}));

const { redisUrl } = testEnvironment();

describe.runIf(redisUrl)('login throttle on Redis', () => {
  throttleScenarios('one replica', () => ({ REDIS_URL: redisUrl!, EVENT_BUS_PREFIX: `throttle-${uniqueSuffix()}` }));

  it('holds across replicas sharing Redis', async () => {
    const prefix = `throttle-${uniqueSuffix()}`;
    const first = await startUsersTestService({ ...limits, REDIS_URL: redisUrl!, EVENT_BUS_PREFIX: prefix });
    const second = await startUsersTestService({ ...limits, REDIS_URL: redisUrl!, EVENT_BUS_PREFIX: prefix }, first.connection);
    try {
      const user = await signUp(first);
      expect((await attempt(first, user.username, 'Wrong-password-1')).code).toBe('UNAUTHENTICATED');
      expect((await attempt(second, user.username, 'Wrong-password-1')).code).toBe('UNAUTHENTICATED');
      expect((await attempt(first, user.username, 'Wrong-password-1')).code).toBe('UNAUTHENTICATED');
      expect((await attempt(second, user.username, user.password)).code).toBe('RATE_LIMITED');
    } finally {
      await second.close();
      await first.close();
    }
  });
});
