import type { Resolvers } from '../generated/resolvers-types.js';
import { createAccount } from '../users/user.service.js';
import { deactivateUser, deleteUser, setUserRole } from './admin.service.js';
import { usersConnection } from './users-connection.js';

/** Resolvers of the admin-only user management: listing, creating, role changes, deactivation, deletion. */
export const adminResolvers: Resolvers = {
  Query: {
    users: (_parent, args, { db }) => usersConnection(db, args),
  },
  Mutation: {
    createUser: (_parent, { input }, { db }) => createAccount(db, { ...input, role: input.role ?? 'VIEWER' }),
    setUserRole: (_parent, { id, role }, { db, sessions }) => setUserRole(db, sessions, id, role),
    deactivateUser: (_parent, { id }, { db, sessions }) => deactivateUser(db, sessions, id),
    deleteUser: (_parent, { id }, { db, sessions }) => deleteUser(db, sessions, id),
  },
};
