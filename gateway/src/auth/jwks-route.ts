import type { FastifyInstance } from 'fastify';
import type { AccessTokenKeys } from './access-token-keys.js';

/** Where the gateway publishes the public keys of access tokens. */
export const jwksPath = '/.well-known/jwks.json';

/**
 * Serves `GET /.well-known/jwks.json`: the public keys access tokens are signed with (the current
 * ones and previous ones whose tokens may still be valid), as the users subgraph publishes them, so
 * third parties can verify a token offline. Cacheable for five minutes; 503 while the users subgraph
 * cannot be reached.
 */
export function registerJwksRoute(app: FastifyInstance, keys: AccessTokenKeys, onUnexpected: (error: unknown) => void): void {
  app.get(jwksPath, async (_request, reply) => {
    try {
      const set = await keys.publicKeys();
      return await reply.header('cache-control', 'public, max-age=300').type('application/jwk-set+json').send(set);
    } catch (error) {
      onUnexpected(error);
      return reply.code(503).send({ error: 'The public keys cannot be fetched right now; try again shortly.' });
    }
  });
}
