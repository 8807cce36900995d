import { forbidden, hasRole, hasScope, isAuthenticated, type BaseContext } from '@cryptograph/core';
import { allow, and, rule, type IRules } from 'graphql-shield';

const isAdmin = and(hasRole('ADMIN'), hasScope('admin:users'));

/** Passes for a signed-in session (an access token); API keys cannot manage API keys or the account itself. */
const isSession = and(
  isAuthenticated,
  rule('isSession', { cache: 'contextual' })((_parent, _args, context: BaseContext) =>
    context.identity.scopes === null ? true : forbidden('This needs a signed-in session (an access token), not an API key.'),
  ),
);

/**
 * Who may read and change what in the users subgraph; anything not listed is denied. API keys:
 * `users` and the admin mutations need `admin:users` (and an ADMIN owner); `updateMe` and the key
 * management need a session; `me` and `user(id)` work with any key (an admin's key sees other
 * users' emails only with `admin:users`, see `User.email`).
 */
export const usersPermissions: IRules = {
  Query: { me: allow, user: isAuthenticated, users: isAdmin, apiKeys: isSession },
  Mutation: {
    signup: allow,
    login: allow,
    refreshToken: allow,
    logout: allow,
    updateMe: isSession,
    createUser: isAdmin,
    setUserRole: isAdmin,
    deactivateUser: isAdmin,
    deleteUser: isAdmin,
    createApiKey: isSession,
    revokeApiKey: isSession,
  },
  User: allow,
  AuthPayload: allow,
  UserConnection: allow,
  UserEdge: allow,
  PageInfo: allow,
  ApiKey: allow,
  CreatedApiKey: allow,
};
