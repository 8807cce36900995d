import type { Context } from '../context.js';
import type { Resolvers } from '../generated/resolvers-types.js';
import { login, logout, refresh, signup } from './auth.service.js';
import type { AuthPayload } from './token-issuer.js';

/** Lets the payload's user see its own email although the caller was anonymous until now. */
function signedIn(context: Context, payload: AuthPayload): AuthPayload {
  context.signedInUserIds.add(payload.user.id);
  return payload;
}

/** Resolvers of sign-up, login, token refresh and logout. */
export const authResolvers: Resolvers = {
  Mutation: {
    signup: async (_parent, { input }, context) =>
      signedIn(context, await signup(context.db, context.tokenSettings, context.signupThrottle, input, context.identity)),
    login: async (_parent, { input }, context) =>
      signedIn(context, await login(context.db, context.tokenSettings, context.loginThrottle, input, context.identity)),
    refreshToken: async (_parent, { refreshToken }, context) =>
      signedIn(context, await refresh(context.db, context.tokenSettings, context.sessions, refreshToken)),
    logout: (_parent, { refreshToken }, { db, sessions }) => logout(db, sessions, refreshToken),
  },
};
