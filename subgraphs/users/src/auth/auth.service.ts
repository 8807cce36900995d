import { badUserInput, isSystemUser, unauthenticated, type Identity } from '@cryptograph/core';
import { randomUUID } from 'node:crypto';
import type { UsersSchema } from '../db/users-database.js';
import type { SessionAnnouncer } from '../sessions/session-announcer.js';
import { bumpSessionVersion } from '../sessions/session.repository.js';
import { redeemSetupCode } from '../setup/setup-codes.js';
import { maxEmailLength } from '../users/user-input.js';
import { findUserByEmail, findUserByUsername } from '../users/user.repository.js';
import { insertAccount, prepareAccount, updateOwnAccount, type OwnChanges } from '../users/user.service.js';
import type { UserRow } from '../users/user.table.js';
import type { LoginThrottle } from './login-throttle.js';
import { verifyAgainstDummy, verifyPassword } from './password-hasher.js';
import { maxPasswordLength } from './password-policy.js';
import { findPresentedToken, RefreshRefused, rotateRefreshToken } from './refresh-rotation.js';
import { deleteExpiredRefreshTokens, revokeRefreshTokenFamily } from './refresh-token.repository.js';
import type { SignupThrottle } from './signup-throttle.js';
import { authPayload, storeRefreshToken, type AuthPayload, type TokenSettings } from './token-issuer.js';

/** Sign-up details; a valid setup code makes the account the installation's first admin. */
export interface SignupInput {
  readonly email: string;
  readonly username: string;
  readonly password: string;
  readonly setupCode?: string | null | undefined;
}

/** The one message for every failed login, so the response does not tell which part was wrong. */
export const invalidLoginMessage = 'Invalid login or password.';

/** Counter of a login name; known and unknown names are counted alike, each name on its own. */
const loginKey = (login: string) => `login:${login}`;
/** Counter of the current-password checks of a signed-in user. */
const accountKey = (userId: string) => `user:${userId}`;

/** A new session: a new refresh token family, started now (its absolute lifetime counts from here). */
const newSession = () => ({ familyId: randomUUID(), startedAt: new Date() });

/** Signs a user in: stores a refresh token of a new session (dropping the user's expired ones) and issues the tokens. */
async function signIn(db: UsersSchema, settings: TokenSettings, user: UserRow): Promise<AuthPayload> {
  const refresh = await db.transaction().execute(async (trx) => {
    await deleteExpiredRefreshTokens(trx, user.id, new Date());
    return storeRefreshToken(trx, settings, user.id, newSession());
  });
  return authPayload(settings, user, refresh.token);
}

/** Creates a VIEWER account (an ADMIN with the setup code) and signs it in; throttled per client address. */
export async function signup(
  db: UsersSchema,
  settings: TokenSettings,
  signupThrottle: SignupThrottle,
  input: SignupInput,
  identity: Identity,
): Promise<AuthPayload> {
  await signupThrottle.attempt(identity.clientAddress);
  const setupCode = input.setupCode?.trim() ? input.setupCode : null;
  const account = await prepareAccount({ ...input, role: setupCode ? 'ADMIN' : 'VIEWER' }, { allowReservedUsername: setupCode !== null });
  const { user, refresh } = await db.transaction().execute(async (trx) => {
    if (setupCode) await redeemSetupCode(trx, setupCode);
    const created = await insertAccount(trx, account);
    return { user: created, refresh: await storeRefreshToken(trx, settings, created.id, newSession()) };
  });
  return authPayload(settings, user, refresh.token);
}

/** Signs in by email or username; attempts are counted per login name and per client address before the password is checked. */
export async function login(
  db: UsersSchema,
  settings: TokenSettings,
  loginThrottle: LoginThrottle,
  input: { login: string; password: string },
  identity: Identity,
): Promise<AuthPayload> {
  const login = input.login.trim().toLowerCase();
  if (login.length === 0 || login.length > maxEmailLength) throw badUserInput(`"login" must be 1 to ${maxEmailLength} characters.`, 'login');
  if (input.password.length === 0 || input.password.length > maxPasswordLength * 2)
    throw badUserInput('"password" must not be empty or that long.', 'password');
  await loginThrottle.attempt(loginKey(login), identity.clientAddress);
  const found = login.includes('@') ? await findUserByEmail(db, login) : await findUserByUsername(db, login);
  // The built-in system user cannot sign in: it is answered like an unknown login.
  const user = found && !isSystemUser(found.id) ? found : undefined;
  const matches = user ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstDummy(input.password);
  if (!user || !matches) throw unauthenticated(invalidLoginMessage);
  if (!user.active) throw unauthenticated('This account has been deactivated.');
  await loginThrottle.succeeded(loginKey(login), identity.clientAddress);
  return signIn(db, settings, user);
}

/** Rotates a refresh token (see `rotateRefreshToken`); a reused one ends its family, announced through `sessions`. */
export async function refresh(db: UsersSchema, settings: TokenSettings, sessions: SessionAnnouncer, refreshToken: string): Promise<AuthPayload> {
  try {
    const { user, token } = await rotateRefreshToken(db, settings, refreshToken);
    return await authPayload(settings, user, token);
  } catch (error) {
    if (!(error instanceof RefreshRefused)) throw error;
    if (error.sessionChangedFor) await sessions.changed(error.sessionChangedFor);
    throw unauthenticated(error.message);
  }
}

/** Ends the session of a refresh token: its family is revoked and the user's access tokens stop working; false when the token is unknown. */
export async function logout(db: UsersSchema, sessions: SessionAnnouncer, refreshToken: string): Promise<boolean> {
  const row = await findPresentedToken(db, refreshToken);
  if (!row) return false;
  await db.transaction().execute(async (trx) => {
    await revokeRefreshTokenFamily(trx, row.family_id);
    await bumpSessionVersion(trx, row.user_id);
  });
  await sessions.changed(row.user_id);
  return true;
}

/** The throttles a caller's own changes pass: current-password checks count like logins, new emails and usernames like sign-ups. */
export interface UpdateMeThrottles {
  readonly loginThrottle: LoginThrottle;
  readonly signupThrottle: SignupThrottle;
}

/** Applies the caller's own changes; current-password checks are counted like logins, new emails and usernames like sign-ups. */
export async function updateMe(
  db: UsersSchema,
  { loginThrottle, signupThrottle }: UpdateMeThrottles,
  sessions: SessionAnnouncer,
  identity: Identity,
  changes: OwnChanges,
): Promise<UserRow> {
  if (!identity.userId) throw unauthenticated();
  const userId = identity.userId;
  const { user, sessionChanged } = await updateOwnAccount(db, userId, changes, {
    beforeNameChange: () => signupThrottle.attemptNameChange(identity.clientAddress),
    beforeCheck: () => loginThrottle.attempt(accountKey(userId), identity.clientAddress),
    afterSuccess: () => loginThrottle.succeeded(accountKey(userId), identity.clientAddress),
  });
  if (sessionChanged) await sessions.changed(userId);
  return user;
}
