import { badUserInput, isSystemUser, unauthenticated, type Identity } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { UsersDatabase } from '../db/users-database.js';
import { maxEmailLength } from '../users/user-input.js';
import { findUserByEmail, findUserByUsername } from '../users/user.repository.js';
import { insertAccount, prepareAccount, updateOwnAccount, type OwnChanges } from '../users/user.service.js';
import type { UserRow } from '../users/user.table.js';
import type { LoginThrottle } from './login-throttle.js';
import { verifyAgainstDummy, verifyPassword } from './password-hasher.js';
import { maxPasswordLength } from './password-policy.js';
import { findPresentedToken, rotateRefreshToken } from './refresh-rotation.js';
import { deleteExpiredRefreshTokens, revokeRefreshTokenFamily } from './refresh-token.repository.js';
import { authPayload, storeRefreshToken, type AuthPayload, type TokenSettings } from './token-issuer.js';

/** Sign-up, login, token refresh, logout and self-service changes. */
export interface AuthService {
  /** Creates a VIEWER account and signs it in. */
  signup(input: { email: string; username: string; password: string }): Promise<AuthPayload>;
  /** Signs in by email or username; throttled per account and per client address. */
  login(input: { login: string; password: string }, identity: Identity): Promise<AuthPayload>;
  /** Rotates a refresh token (see `rotateRefreshToken`). */
  refresh(refreshToken: string): Promise<AuthPayload>;
  /** Revokes the session (token family) of a refresh token; false when the token is unknown. */
  logout(refreshToken: string): Promise<boolean>;
  /** Applies the caller's own changes; wrong current passwords count as failed logins. */
  updateMe(identity: Identity, changes: OwnChanges): Promise<UserRow>;
}

/** The one message for every failed login, so the response does not tell which part was wrong. */
export const invalidLoginMessage = 'Invalid login or password.';

const accountKey = (userId: string) => `user:${userId}`;

/** Builds the auth service over the users schema. */
export function createAuthService(db: Kysely<UsersDatabase>, settings: TokenSettings, throttle: LoginThrottle): AuthService {
  const signIn = async (user: UserRow): Promise<AuthPayload> => {
    const refresh = await db.transaction().execute(async (trx) => {
      await deleteExpiredRefreshTokens(trx, user.id, new Date());
      return storeRefreshToken(trx, settings, user.id, randomUUID());
    });
    return authPayload(settings, user, refresh.token);
  };

  return {
    async signup(input) {
      const account = await prepareAccount({ ...input, role: 'VIEWER' });
      const { user, refresh } = await db.transaction().execute(async (trx) => {
        const created = await insertAccount(trx, account);
        return { user: created, refresh: await storeRefreshToken(trx, settings, created.id, randomUUID()) };
      });
      return authPayload(settings, user, refresh.token);
    },

    async login(input, identity) {
      const login = input.login.trim().toLowerCase();
      if (login.length === 0 || login.length > maxEmailLength) throw badUserInput(`"login" must be 1 to ${maxEmailLength} characters.`, 'login');
      if (input.password.length === 0 || input.password.length > maxPasswordLength * 2) throw badUserInput('"password" must not be empty or that long.', 'password');
      const found = login.includes('@') ? await findUserByEmail(db, login) : await findUserByUsername(db, login);
      // The built-in system user cannot sign in: it is answered like an unknown login.
      const user = found && !isSystemUser(found.id) ? found : undefined;
      // Email and username of one account share a counter; unknown logins count by their text.
      const account = user ? accountKey(user.id) : `login:${login}`;
      await throttle.assertAllowed(account, identity.clientAddress);
      const matches = user ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstDummy(input.password);
      if (!user || !matches) {
        await throttle.recordFailure(account, identity.clientAddress);
        throw unauthenticated(invalidLoginMessage);
      }
      if (!user.active) throw unauthenticated('This account has been deactivated.');
      await throttle.recordSuccess(account);
      return signIn(user);
    },

    async refresh(refreshToken) {
      const { user, token } = await rotateRefreshToken(db, settings, refreshToken);
      return authPayload(settings, user, token);
    },

    async logout(refreshToken) {
      const row = await findPresentedToken(db, refreshToken);
      if (!row) return false;
      await revokeRefreshTokenFamily(db, row.family_id);
      return true;
    },

    async updateMe(identity, changes) {
      if (!identity.userId) throw unauthenticated();
      const userId = identity.userId;
      if (changes.newPassword != null) await throttle.assertAllowed(accountKey(userId), identity.clientAddress);
      return updateOwnAccount(db, userId, changes, async () => {
        await throttle.recordFailure(accountKey(userId), identity.clientAddress);
      });
    },
  };
}
