import { mergeResolvers } from '@graphql-tools/merge';
import { adminResolvers } from './admin/admin.resolvers.js';
import { apiKeyResolvers } from './api-keys/api-key.resolvers.js';
import { authResolvers } from './auth/auth.resolvers.js';
import type { Resolvers } from './generated/resolvers-types.js';
import { userResolvers } from './users/user.resolvers.js';

/** The feature folders' resolvers, each a partial map of the users schema's types. */
export const usersResolverModules: readonly Resolvers[] = [userResolvers, authResolvers, adminResolvers, apiKeyResolvers];

/** All resolvers of the users subgraph, merged per type and field from the feature folders (as market and predictions do). */
export const usersResolvers: Resolvers = mergeResolvers<unknown, Resolvers>([...usersResolverModules]);
