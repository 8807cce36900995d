import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { webBuildDirectory } from '@cryptograph/web';
import { existsSync } from 'node:fs';

/** Paths the app never answers, so API and operations routes are never shadowed by the SPA fallback. */
const reservedPrefixes = ['/graphql', '/health', '/ready', '/metrics'];

function isReserved(url: string): boolean {
  const path = url.split('?')[0]!;
  return reservedPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Serves the built web app at `/` when `root` holds one (does nothing otherwise): hashed assets
 * with a long cache, `index.html` for any other GET that asks for HTML (client-side routes), and
 * never anything under /graphql, /health, /ready or /metrics. Returns whether it was registered.
 */
export async function registerWebApp(app: FastifyInstance, root = webBuildDirectory): Promise<boolean> {
  if (!existsSync(`${root}/index.html`)) return false;
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    setHeaders: (response, path) => {
      response.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', (request, reply) => {
    const wantsHtml = request.headers.accept?.includes('text/html') ?? false;
    if (isReserved(request.url) || !wantsHtml) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return true;
}
