import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupMutation, updateMeMutation } from '../test-support/operations.js';
import { goodPassword } from '../test-support/test-accounts.js';
import { anonymous, signedIn, startUsersTestService, uniqueSuffix, type UsersTestService } from '../test-support/users-test-service.js';

let users: UsersTestService;

beforeAll(async () => {
  users = await startUsersTestService({ SIGNUP_MAX_PER_ADDRESS: '3', SIGNUP_WINDOW_SECONDS: '3600' });
});

afterAll(async () => {
  await users?.close();
});

const fresh = () => {
  const suffix = uniqueSuffix();
  return { email: `probe.${suffix}@example.com`, username: `probe_${suffix}`, password: goodPassword };
};

describe('sign-up throttle', () => {
  it('counts every attempt of an address, CONFLICT answers included, so probing which emails exist stops early', async () => {
    const address = `192.0.2.${uniqueSuffix()}`;
    const signup = (input: Record<string, string>, from = address) => users.request(signupMutation, { input }, anonymous(from));
    const taken = fresh();
    expect((await signup(taken)).errors).toBeUndefined();
    expect((await signup({ ...fresh(), email: taken.email })).errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'email' });
    expect((await signup({ ...fresh(), email: `other.${taken.email}` })).errors).toBeUndefined();
    const limited = await signup({ ...fresh(), email: taken.email });
    expect(limited.errors?.[0]).toMatchObject({ message: 'Too many sign-ups from this address; try again later.', extensions: { code: 'RATE_LIMITED' } });
    expect(limited.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(3500);
    expect((await signup(fresh())).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect((await signup(fresh(), `192.0.2.${uniqueSuffix()}`)).errors).toBeUndefined();
  });

  it("counts changes of one's own email or username against the same attempts, so updateMe cannot probe which emails exist either", async () => {
    const address = `192.0.2.${uniqueSuffix()}`;
    const owner = fresh();
    const created = await users.request(signupMutation, { input: owner }, anonymous(`198.51.100.${uniqueSuffix()}`));
    const taken = fresh();
    expect((await users.request(signupMutation, { input: taken }, anonymous(`198.51.100.${uniqueSuffix()}`))).errors).toBeUndefined();
    const me = signedIn(created.data!.signup.user.id, 'VIEWER', address);
    const change = (input: Record<string, string>) => users.request(updateMeMutation, { input }, me);
    expect((await change({ email: taken.email })).errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'email' });
    expect((await change({ username: taken.username })).errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'username' });
    expect((await change({ email: owner.email, username: owner.username })).errors).toBeUndefined();
    expect((await change({ email: `new.${owner.email}` })).errors).toBeUndefined();
    const limited = await change({ email: taken.email });
    expect(limited.errors?.[0]).toMatchObject({
      message: 'Too many email or username changes from this address; try again later.',
      extensions: { code: 'RATE_LIMITED' },
    });
    expect((await users.request(signupMutation, { input: fresh() }, anonymous(address))).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });
});
