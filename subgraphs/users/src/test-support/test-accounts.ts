import { expect } from 'vitest';
import { signupMutation } from './operations.js';
import { uniqueSuffix, type UsersTestService } from './users-test-service.js';

/** A password that passes every rule. */
export const goodPassword = 'Correct-Horse-9-Battery';

/** A user signed up through the API, with its credentials and tokens. */
export interface SignedUpUser {
  readonly id: string;
  readonly email: string;
  readonly username: string;
  readonly password: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** Signs up a fresh VIEWER with unique email and username; fails the test when signup fails. */
export async function signUp(users: UsersTestService, prefix = 'user'): Promise<SignedUpUser> {
  const suffix = uniqueSuffix();
  const input = { email: `${prefix}.${suffix}@example.com`, username: `${prefix}_${suffix}`, password: goodPassword };
  const result = await users.request(signupMutation, { input });
  expect(result.errors).toBeUndefined();
  const payload = result.data!.signup;
  return {
    id: payload.user.id,
    email: input.email,
    username: input.username,
    password: input.password,
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
  };
}
