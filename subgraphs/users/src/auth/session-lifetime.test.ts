import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshMutation } from '../test-support/operations.js';
import { signUp } from '../test-support/test-accounts.js';
import { startUsersTestService, type UsersTestService } from '../test-support/users-test-service.js';

let users: UsersTestService;
const maxLifetime = 3600;

beforeAll(async () => {
  users = await startUsersTestService({ REFRESH_TOKEN_MAX_LIFETIME_SECONDS: String(maxLifetime), REFRESH_TOKEN_TTL_SECONDS: String(7 * 24 * 3600) });
});

afterAll(async () => {
  await users?.close();
});

describe('absolute session lifetime (REFRESH_TOKEN_MAX_LIFETIME_SECONDS)', () => {
  it('no refresh token of a session expires later than the session start plus the lifetime, across rotations', async () => {
    const user = await signUp(users);
    const [first] = await users.db.selectFrom('refresh_tokens').select(['expires_at', 'session_started_at']).where('user_id', '=', user.id).execute();
    expect(first!.expires_at.getTime() - first!.session_started_at.getTime()).toBeLessThanOrEqual(maxLifetime * 1000);
    const rotated = (await users.request(refreshMutation, { token: user.refreshToken })).data!.refreshToken.refreshToken as string;
    const rows = await users.db.selectFrom('refresh_tokens').select(['expires_at', 'session_started_at']).where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((row) => row.session_started_at.getTime())).size).toBe(1);
    for (const row of rows) expect(row.expires_at.getTime()).toBeLessThanOrEqual(first!.session_started_at.getTime() + maxLifetime * 1000);
    expect(rotated).toBeTruthy();
  });

  it('refuses to rotate once the session is older than the lifetime, even with an unexpired token, and revokes the family', async () => {
    const user = await signUp(users);
    const next = (await users.request(refreshMutation, { token: user.refreshToken })).data!.refreshToken.refreshToken as string;
    await users.db
      .updateTable('refresh_tokens')
      .set({ session_started_at: sql<Date>`now() - make_interval(secs => ${maxLifetime + 1})`, expires_at: sql<Date>`now() + interval '1 day'` })
      .where('user_id', '=', user.id)
      .execute();
    const refused = await users.request(refreshMutation, { token: next });
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message: 'The refresh token is invalid or has expired; sign in again.',
    });
    const rows = await users.db.selectFrom('refresh_tokens').select('revoked_at').where('user_id', '=', user.id).execute();
    expect(rows.every((row) => row.revoked_at !== null)).toBe(true);
  });
});
