import type { FastifyInstance } from 'fastify';
import { request } from 'undici';

const readinessTimeoutMs = 2_000;

/** Asks one subgraph's `/ready` endpoint; true when it answers 200 in time. */
async function subgraphReady(graphqlUrl: string): Promise<boolean> {
  try {
    const response = await request(new URL('/ready', graphqlUrl), { method: 'GET', headersTimeout: readinessTimeoutMs, bodyTimeout: readinessTimeoutMs });
    await response.body.dump();
    return response.statusCode === 200;
  } catch {
    return false;
  }
}

/** `GET /health` (the process is alive) and `GET /ready` (every subgraph is reachable and ready). */
export function registerHealthRoutes(app: FastifyInstance, subgraphUrls: () => Record<string, string>): void {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const entries = Object.entries(subgraphUrls());
    const states = await Promise.all(entries.map(async ([name, url]) => [name, (await subgraphReady(url)) ? 'up' : 'down'] as const));
    const ready = states.every(([, state]) => state === 'up');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', subgraphs: Object.fromEntries(states) });
  });
}
