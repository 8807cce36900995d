import type { GraphiqlAssets } from './graphiql-assets.js';

/** Where the page finds its assets and the GraphQL endpoint. */
export interface GraphiqlPageOptions {
  readonly assets: GraphiqlAssets;
  /** URL prefix of the assets, e.g. `/graphiql/assets`. */
  readonly assetsPath: string;
  /** The GraphQL endpoint (HTTP and WebSocket), e.g. `/graphql`. */
  readonly graphqlPath: string;
}

const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The GraphiQL page: stylesheets and scripts from the gateway only, no inline script or style (so
 * it runs under {@link graphiqlContentSecurityPolicy}); the endpoint and the graphql-ws client's
 * URL are passed to the start script as data attributes.
 */
export function graphiqlPage({ assets, assetsPath, graphqlPath }: GraphiqlPageOptions): string {
  const url = (name: string) => escapeAttribute(`${assetsPath}/${name}`);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Cryptograph API · GraphiQL</title>',
    // No favicon request (the gateway has none).
    '<link rel="icon" href="data:,">',
    ...assets.stylesheets.map((name) => `<link rel="stylesheet" href="${url(name)}">`),
    ...assets.scripts.map((name) => `<script defer src="${url(name)}"></script>`),
    `<script type="module" src="${url(assets.startScript)}"></script>`,
    '</head>',
    '<body>',
    `<div id="graphiql" data-graphql-path="${escapeAttribute(graphqlPath)}" data-graphql-ws-client="${url(assets.graphqlWsClient)}">Loading GraphiQL…</div>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The page's Content-Security-Policy: scripts, styles, fonts and connections to the gateway itself
 * only (`'self'` covers ws: and wss: to the same host); inline styles stay allowed because
 * GraphiQL's editor and popovers set them at run time.
 */
export const graphiqlContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
