import { hasRole, isAuthenticated } from '@cryptograph/core';
import { allow, type IRules } from 'graphql-shield';

const isAdmin = hasRole('ADMIN');

/** Who may read and change what in the users subgraph; anything not listed is denied. */
export const usersPermissions: IRules = {
  Query: { me: allow, user: isAuthenticated, users: isAdmin },
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
  },
  User: allow,
  AuthPayload: allow,
  UserConnection: allow,
  UserEdge: allow,
  PageInfo: allow,
};
