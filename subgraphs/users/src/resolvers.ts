import { adminResolvers } from './admin/admin.resolvers.js';
import { apiKeyResolvers } from './api-keys/api-key.resolvers.js';
import { authResolvers } from './auth/auth.resolvers.js';
import type { Resolvers } from './generated/resolvers-types.js';
import { userResolvers } from './users/user.resolvers.js';

/** All resolvers of the users subgraph, merged per type from the feature folders. */
export const usersResolvers: Resolvers = {
  Query: { ...userResolvers.Query, ...adminResolvers.Query, ...apiKeyResolvers.Query },
  Mutation: { ...userResolvers.Mutation, ...authResolvers.Mutation, ...adminResolvers.Mutation, ...apiKeyResolvers.Mutation },
  User: userResolvers.User,
  ApiKey: apiKeyResolvers.ApiKey,
};
