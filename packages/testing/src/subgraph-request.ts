import { internalKey, signIdentity, type Identity } from '@cryptograph/core';
import type { FastifyInstance } from 'fastify';

/** A GraphQL response as a subgraph sends it; `data` has the shape the test's own query selected. */
export interface SubgraphResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Runs `query` on a subgraph's server in-process (no socket), with the signed identity header the gateway would send. */
async function injectGraphql<T>(app: FastifyInstance, identityHeader: string, query: string, variables: Record<string, unknown>): Promise<SubgraphResponse<T>> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', 'x-cryptograph-identity': identityHeader },
    payload: { query, variables },
  });
  return response.json();
}

/** Calls one in-process subgraph as the gateway would, as any identity. */
export interface SubgraphCaller {
  /** Runs an operation as `identity` (the caller's default identity when omitted). */
  request<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<SubgraphResponse<T>>;
  /** The signed identity header value for `identity` (the default when omitted), as the gateway would send it. */
  identityHeader(identity?: Identity): Promise<string>;
}

/**
 * A caller of the subgraph `audience` served by `app`, signing identities with the key of
 * `internalSecret` as the gateway does; `defaultIdentity` is asked for one each call that names none.
 */
export function subgraphCaller(
  app: FastifyInstance,
  options: { readonly audience: string; readonly internalSecret: string; readonly defaultIdentity: () => Identity },
): SubgraphCaller {
  const key = internalKey(options.internalSecret);
  const identityHeader = (identity: Identity = options.defaultIdentity()) => signIdentity(identity, key, options.audience);
  return {
    identityHeader,
    async request(query, variables = {}, identity = options.defaultIdentity()) {
      return injectGraphql(app, await identityHeader(identity), query, variables);
    },
  };
}
