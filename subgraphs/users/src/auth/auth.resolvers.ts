import type { Context } from '../context.js';
import type { Resolvers } from '../generated/resolvers-types.js';
import type { AuthPayload } from './token-issuer.js';

/** Lets the payload's user see its own email although the caller was anonymous until now. */
function signedIn(context: Context, payload: AuthPayload): AuthPayload {
  context.signedInUserIds.add(payload.user.id);
  return payload;
}

/** Resolvers of sign-up, login, token refresh and logout. */
export const authResolvers: Resolvers = {
  Mutation: {
    signup: async (_parent, { input }, context) => signedIn(context, await context.auth.signup(input, context.identity)),
    login: async (_parent, { input }, context) => signedIn(context, await context.auth.login(input, context.identity)),
    refreshToken: async (_parent, { refreshToken }, context) => signedIn(context, await context.auth.refresh(refreshToken)),
    logout: (_parent, { refreshToken }, { auth }) => auth.logout(refreshToken),
  },
};
