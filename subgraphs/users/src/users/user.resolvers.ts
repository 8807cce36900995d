import type { Identity } from '@cryptograph/core';
import { updateMe } from '../auth/auth.service.js';
import type { Resolvers } from '../generated/resolvers-types.js';

/** Admins see every email, but an admin's API key only with the `admin:users` scope. */
function administersUsers(identity: Identity): boolean {
  return identity.role === 'ADMIN' && (identity.scopes === null || identity.scopes.includes('admin:users'));
}

/** Resolvers of users: `me`, `user(id)`, `updateMe`, entity resolution and the `User` fields. */
export const userResolvers: Resolvers = {
  Query: {
    me: async (_parent, _args, { identity, usersById }) => (identity.userId ? usersById.load(identity.userId) : null),
    user: async (_parent, { id }, { usersById }) => usersById.load(id),
  },
  Mutation: {
    updateMe: async (_parent, { input }, { db, loginThrottle, signupThrottle, sessions, identity }) =>
      updateMe(db, { loginThrottle, signupThrottle }, sessions, identity, input),
  },
  User: {
    __resolveReference: (reference, { usersById }) => usersById.load(reference.id),
    createdAt: (user) => user.created_at.toISOString(),
    email: (user, _args, { identity, signedInUserIds }) =>
      identity.userId === user.id || administersUsers(identity) || signedInUserIds.has(user.id) ? user.email : null,
  },
};
