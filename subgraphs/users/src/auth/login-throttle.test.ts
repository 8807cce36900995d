import { testEnvironment } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginMutation } from '../test-support/operations.js';
import { signUp } from '../test-support/test-accounts.js';
import { anonymous, startUsersTestService, uniqueSuffix, type UsersTestService } from '../test-support/users-test-service.js';

const limits = { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '5', LOGIN_FAILURE_WINDOW_SECONDS: '900' };

/** A fresh client address, so address counters of different tests never meet. */
const freshAddress = () => `198.51.${Number.parseInt(uniqueSuffix().slice(0, 2), 16)}.${Number.parseInt(uniqueSuffix().slice(0, 2), 16)}-${uniqueSuffix()}`;

async function attempt(users: UsersTestService, login: string, password: string, address = freshAddress()) {
  const result = await users.request(loginMutation, { input: { login, password } }, anonymous(address));
  return { code: result.errors?.[0]?.extensions?.code, retryAfter: result.errors?.[0]?.extensions?.retryAfter, userId: result.data?.login?.user?.id as string | undefined };
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

    it('refuses an account after its consecutive failures, whatever the address, email or username', async () => {
      const user = await signUp(users);
      expect((await attempt(users, user.email, 'Wrong-password-1')).code).toBe('UNAUTHENTICATED');
      expect((await attempt(users, user.username, 'Wrong-password-1')).code).toBe('UNAUTHENTICATED');
      expect((await attempt(users, user.email.toUpperCase(), 'Wrong-password-1')).code).toBe('UNAUTHENTICATED');
      const limited = await attempt(users, user.username, user.password);
      expect(limited.code).toBe('RATE_LIMITED');
      expect(limited.retryAfter).toBeGreaterThan(800);
      expect(limited.retryAfter).toBeLessThanOrEqual(900);
    });

    it('resets the account counter after a successful login', async () => {
      const user = await signUp(users);
      for (let index = 0; index < 2; index++) expect((await attempt(users, user.username, 'Wrong-password-1')).code).toBe('UNAUTHENTICATED');
      expect((await attempt(users, user.username, user.password)).userId).toBe(user.id);
      for (let index = 0; index < 3; index++) expect((await attempt(users, user.username, 'Wrong-password-1')).code).toBe('UNAUTHENTICATED');
      expect((await attempt(users, user.username, 'Wrong-password-1')).code).toBe('RATE_LIMITED');
    });

    it('limits unknown logins like known ones', async () => {
      const login = `ghost_${uniqueSuffix()}`;
      for (let index = 0; index < 3; index++) expect((await attempt(users, login, 'Wrong-password-1')).code).toBe('UNAUTHENTICATED');
      expect((await attempt(users, login, 'Wrong-password-1')).code).toBe('RATE_LIMITED');
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
  });
}

throttleScenarios('login throttle in memory', () => ({}));

const { redisUrl } = testEnvironment();

describe.runIf(redisUrl)('login throttle on Redis', () => {
  throttleScenarios('one replica', () => ({ REDIS_URL: redisUrl! }));

  it('holds across replicas sharing Redis', async () => {
    const first = await startUsersTestService({ ...limits, REDIS_URL: redisUrl! });
    const second = await startUsersTestService({ ...limits, REDIS_URL: redisUrl! }, first.connection);
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
