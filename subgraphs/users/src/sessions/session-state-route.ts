import { sessionStatePath, sessionStateScope } from '@cryptograph/core';
import type { FastifyInstance } from 'fastify';
import type { UsersDb } from '../db/users-database.js';
import { findSessionState } from './session.repository.js';

/**
 * Registers the internal route gateways read a user's session state from: `POST
 * /internal/sessions/state` with `{ userId }`, answering `{ session: SessionState | null }` (null for a
 * deleted or deactivated user). Like every route of a subgraph it needs an identity signed with the
 * internal secret; this one also needs the gateway's session-state scope.
 */
export function registerSessionStateRoute(app: FastifyInstance, db: UsersDb): void {
  app.post(sessionStatePath, async (request, reply) => {
    if (!request.identity?.scopes?.includes(sessionStateScope)) return reply.code(403).send({ error: 'forbidden' });
    const userId = (request.body as { userId?: unknown } | null)?.userId;
    if (typeof userId !== 'string' || userId.length > 64) return reply.code(400).send({ error: 'bad request' });
    return { session: (await findSessionState(db, userId)) ?? null };
  });
}
