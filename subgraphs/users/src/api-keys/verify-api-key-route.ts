import { verifyApiKeyPath, verifyApiKeyScope } from '@cryptograph/core';
import type { FastifyInstance } from 'fastify';
import type { UsersDb } from '../db/users-database.js';
import { verifyApiKey } from './api-key.service.js';

/**
 * Registers the internal route the gateway verifies API keys with: `POST /internal/api-keys/verify`
 * with `{ key }`, answering `{ key: VerifiedApiKey | null }`. Like every route of a subgraph it needs
 * an identity signed with the internal secret; this one also needs the gateway's verification scope.
 */
export function registerVerifyApiKeyRoute(app: FastifyInstance, db: UsersDb): void {
  app.post(verifyApiKeyPath, async (request, reply) => {
    if (!request.identity?.scopes?.includes(verifyApiKeyScope)) return reply.code(403).send({ error: 'forbidden' });
    const key = (request.body as { key?: unknown } | null)?.key;
    if (typeof key !== 'string' || key.length > 200) return reply.code(400).send({ error: 'bad request' });
    return { key: await verifyApiKey(db, key) };
  });
}
