// E2E support for the deduplication and cache scenarios: a subgraph stand-in that forwards to the real subgraph after a delay, recording each GraphQL request.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A proxy in front of one subgraph that holds each GraphQL request for a while (so concurrent operations overlap) and records them. */
export interface DelayingProxy {
  /** Its GraphQL URL (give it to a gateway as the subgraph's URL). */
  readonly url: string;
  /** The `query` text of every GraphQL request it forwarded, in arrival order. */
  readonly queries: readonly string[];
  close(): Promise<void>;
}

/** Which requests wait, and when. */
export interface DelayOptions {
  /** Hold the subgraph's answer instead of the request: the subgraph reads at once, the gateway hears late (a slow network or a slow response). */
  readonly afterAnswer?: boolean;
  /** Only GraphQL requests whose query text this accepts wait (default: all). */
  readonly only?: (query: string) => boolean;
}

/**
 * Starts the proxy on a free loopback port; GraphQL POSTs (to `target`'s path) wait `delayMs` before
 * they go to `target` (or, with `afterAnswer`, before their answer comes back); other requests
 * (health, internal routes) go at once.
 */
export async function startDelayingProxy(target: string, delayMs: number, options: DelayOptions = {}): Promise<DelayingProxy> {
  const queries: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const graphql = request.method === 'POST' && new URL(request.url ?? '/', 'http://proxy').pathname === new URL(target).pathname;
      const query = graphql ? String((JSON.parse(body.toString('utf8')) as { query?: unknown }).query) : '';
      if (graphql) queries.push(query);
      const delay = graphql && (options.only?.(query) ?? true) ? delayMs : 0;
      setTimeout(
        () => {
          const headers = Object.fromEntries(
            Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)),
          ) as Record<string, string>;
          fetch(new URL(request.url ?? '/', target), { method: request.method, headers, ...(body.length > 0 ? { body } : {}) }).then(
            async (upstream) => {
              const text = Buffer.from(await upstream.arrayBuffer());
              if (options.afterAnswer) await new Promise((resolve) => setTimeout(resolve, delay));
              response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(text);
            },
            () => response.writeHead(502).end(),
          );
        },
        options.afterAnswer ? 0 : delay,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    queries,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
