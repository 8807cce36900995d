import type { Resolvers } from '../generated/resolvers-types.js';

/** Resolvers of users: `me`, `user(id)`, `updateMe`, entity resolution and the `User` fields. */
export const userResolvers: Resolvers = {
  Query: {
    me: async (_parent, _args, { identity, usersById }) => (identity.userId ? usersById.load(identity.userId) : null),
    user: async (_parent, { id }, { usersById }) => usersById.load(id),
  },
  Mutation: {
    updateMe: async (_parent, { input }, { auth, identity }) => auth.updateMe(identity, input),
  },
  User: {
    __resolveReference: (reference, { usersById }) => usersById.load(reference.id),
    createdAt: (user) => user.created_at.toISOString(),
    email: (user, _args, { identity, signedInUserIds }) =>
      identity.userId === user.id || identity.role === 'ADMIN' || signedInUserIds.has(user.id) ? user.email : null,
  },
};
