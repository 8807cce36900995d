// E2E support: a misbehaving stand-in subgraph (HTTP 500, garbage, closed socket, leaked internals, hang).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a fake subgraph misbehaves on POST /graphql; `forward` behaves: it passes every request on to the real subgraph given at start. */
export type FakeSubgraphMode = 'status-500' | 'garbage' | 'close-socket' | 'internal-error' | 'hang' | 'forward';

/** A misbehaving stand-in for a subgraph; `mode` can be switched between requests. */
export interface FakeSubgraph {
  /** Its GraphQL URL. */
  readonly url: string;
  mode: FakeSubgraphMode;
  /** How many GraphQL requests it received. */
  readonly requests: () => number;
  close(): Promise<void>;
}

/** Text a broken subgraph might leak; the client must never see it. */
const leakedInternals = 'relation "users" does not exist at /srv/users/src/db.ts:42';

/**
 * Starts a plain node:http server on a free loopback port that fails every GraphQL request the
 * chosen way, while its `/ready` also fails (so the gateway reports it down). In `forward` mode
 * every request (the gateway's internal ones too) goes to `forwardTo`, the real subgraph's URL.
 */
export async function startFakeSubgraph(mode: FakeSubgraphMode, forwardTo?: string): Promise<FakeSubgraph> {
  let requests = 0;
  const hanging = new Set<import('node:http').ServerResponse>();
  const state = { mode };
  const server: Server = createServer((request, response) => {
    if (request.url === '/ready' || request.url === '/health') {
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"unavailable"}');
      return;
    }
    requests += 1;
    if (state.mode === 'forward' && forwardTo) {
      forward(request, response, forwardTo);
      return;
    }
    request.resume();
    switch (state.mode) {
      case 'status-500':
        response.writeHead(500, { 'content-type': 'text/html' }).end(`<html><body>500 Internal Server Error: ${leakedInternals}</body></html>`);
        return;
      case 'garbage':
        response.writeHead(200, { 'content-type': 'application/json' }).end(`{"data": {"me": ${leakedInternals}`);
        return;
      case 'close-socket':
        request.socket.destroy();
        return;
      case 'internal-error':
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            data: null,
            errors: [
              {
                message: leakedInternals,
                extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: [`Error: ${leakedInternals}`, '    at query (/srv/users/src/db.ts:42:7)'] },
              },
            ],
          }),
        );
        return;
      case 'hang':
        hanging.add(response);
        return;
      case 'forward':
        response.writeHead(502).end();
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get mode() {
      return state.mode;
    },
    set mode(next: FakeSubgraphMode) {
      state.mode = next;
    },
    requests: () => requests,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Passes one request on to the real subgraph at `target` and its answer back. */
function forward(request: IncomingMessage, response: ServerResponse, target: string): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name, value]) => typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)),
    ) as Record<string, string>;
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : Buffer.concat(chunks);
    fetch(new URL(request.url ?? '/', target), { method: request.method ?? 'GET', headers, ...(body ? { body } : {}) })
      .then(async (answer) =>
        response
          .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
          .end(Buffer.from(await answer.arrayBuffer())),
      )
      .catch(() => response.writeHead(502).end());
  });
}
