import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadGraphiqlAssets } from './graphiql-assets.js';
import { graphiqlContentSecurityPolicy, graphiqlPage } from './graphiql-page.js';

/** Settings of the GraphiQL page. */
export interface GraphiqlOptions {
  /** Serve the page (the env's `graphiql`: on in development, off in production unless GRAPHIQL=true). */
  readonly enabled: boolean;
  /** Path of the page (default `/graphiql`); its assets are under `<path>/assets/`. */
  readonly path?: string;
  /** The GraphQL endpoint for HTTP and graphql-ws (default `/graphql`). */
  readonly graphqlPath?: string;
}

const notFound = (_request: FastifyRequest, reply: FastifyReply) => reply.callNotFound();

/**
 * GraphiQL at `GET /graphiql`, served entirely by the gateway from the pinned packages' prebuilt
 * browser files (no CDN): queries and mutations over HTTP, subscriptions over graphql-ws on the
 * same endpoint, both with the Authorization (or x-api-key) header typed in GraphiQL's headers
 * editor. When disabled, the page and everything under it answer 404 (never the web app's page).
 * Returns whether the page is served.
 */
export function useGraphiql(app: FastifyInstance, options: GraphiqlOptions): boolean {
  const path = options.path ?? '/graphiql';
  // Registered in both cases so the web app's SPA fallback never answers under this path.
  app.get(`${path}/*`, notFound);
  if (!options.enabled) {
    app.get(path, notFound);
    return false;
  }
  const assetsPath = `${path}/assets`;
  const assets = loadGraphiqlAssets();
  const page = graphiqlPage({ assets, assetsPath, graphqlPath: options.graphqlPath ?? '/graphql' });
  app.get(path, (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', graphiqlContentSecurityPolicy)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(page),
  );
  for (const asset of assets.files) {
    app.get(`${assetsPath}/${asset.name}`, (_request, reply) =>
      reply
        .type(asset.contentType)
        .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(asset.body),
    );
  }
  return true;
}
