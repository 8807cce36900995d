import type { FastifyInstance } from 'fastify';

/** A GraphQL response as a subgraph sends it; `data` has the shape the test's own query selected. */
export interface SubgraphResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Runs `query` on a subgraph's server in-process (no socket), with the signed identity header the gateway would send. */
export async function injectGraphql<T>(
  app: FastifyInstance,
  identityHeader: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<SubgraphResponse<T>> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', 'x-cryptograph-identity': identityHeader },
    payload: { query, variables },
  });
  return response.json();
}
