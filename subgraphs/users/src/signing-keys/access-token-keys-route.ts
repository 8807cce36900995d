import { accessTokenKeysPath, accessTokenKeysScope } from '@cryptograph/core';
import type { FastifyInstance } from 'fastify';
import type { SigningKeyRegistry } from './signing-key-registry.js';

/**
 * Registers the internal route gateways fetch the public keys of access tokens from: `GET
 * /internal/access-token-keys`, a JWKS. Like every route of a subgraph it needs an identity signed
 * with the internal secret, and the gateway's key scope; the gateway republishes the set at
 * `/.well-known/jwks.json`.
 */
export function registerAccessTokenKeysRoute(app: FastifyInstance, registry: SigningKeyRegistry): void {
  app.get(accessTokenKeysPath, async (request, reply) => {
    if (!request.identity?.scopes?.includes(accessTokenKeysScope)) return reply.code(403).send({ error: 'forbidden' });
    return reply.header('cache-control', 'no-store').send(await registry.publicKeys());
  });
}
