import { forbidden, hasRole, hasScope, isAuthenticated, type BaseContext } from '@cryptograph/core';
import { allow, and, rule, type IRules } from 'graphql-shield';

const isAdmin = and(hasRole('ADMIN'), hasScope('admin:users'));

/** Passes for a signed-in session (an access token); API keys cannot manage API keys. */
const isSession = and(
  isAuthenticated,
  rule('isSession', { cache: 'contextual' })((_parent, _args, context: BaseContext) =>
    context.identity.scopes === null ? true : forbidden('API keys are managed with a signed-in session, not with an API key.'),
  ),
);

/** Who may read and change what in the users subgraph; anything not listed is denied. */
export const usersPermissions: IRules = {
  Query: { me: allow, user: isAuthenticated, users: isAdmin, apiKeys: isSession },
  Mutation: {
    signup: allow,
    login: allow,
    refreshToken: allow,
    logout: allow,
    updateMe: isAuthenticated,
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
