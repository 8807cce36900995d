import type { Resolvers } from '../generated/resolvers-types.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-key.service.js';

/** Resolvers of the caller's API keys: create (secret returned once), list and revoke. */
export const apiKeyResolvers: Resolvers = {
  Query: {
    apiKeys: (_parent, { userId }, { db, identity }) => listApiKeys(db, identity, userId ?? null),
  },
  Mutation: {
    createApiKey: (_parent, { input }, { db, identity }) => createApiKey(db, identity, input),
    revokeApiKey: (_parent, { id }, { db, bus, identity }) => revokeApiKey(db, bus, identity, id),
  },
  ApiKey: {
    id: (row) => row.id,
    name: (row) => row.name,
    prefix: (row) => row.prefix,
    scopes: (row) => row.scopes,
    createdAt: (row) => row.created_at,
    lastUsedAt: (row) => row.last_used_at,
    revokedAt: (row) => row.revoked_at,
    owner: (row, _args, { usersById }) => usersById.load(row.user_id).then((user) => user!),
  },
};
