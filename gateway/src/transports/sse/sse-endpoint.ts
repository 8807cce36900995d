import { ErrorCode } from '@cryptograph/core/base';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TOKEN_HEADER_KEY, TOKEN_QUERY_KEY } from 'graphql-sse';
import type { OperationRequest, TransportCapabilities } from '../../operation/operation.js';
import { MalformedRequest, operationOfBody, operationOfQueryString } from '../http/http-operation-request.js';
import { runDistinctStream } from './distinct-connections.js';
import { Reservations } from './reservations.js';
import { answerJson, sseCapabilities, sseGetCapabilities, type OpenStreams, type SseOptions } from './sse-context.js';

/** The running SSE endpoint. */
export interface SseEndpoint {
  /** Open event streams and reservations. */
  connections(): number;
  /** Ends every stream (after what is waiting is written). */
  close(): void;
}

type Query = Record<string, string | string[] | undefined>;

/** The reservation token of a request (header, or URL parameter for EventSource). */
function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers[TOKEN_HEADER_KEY];
  if (typeof header === 'string' && header !== '') return header;
  const parameter = (request.query as Query)[TOKEN_QUERY_KEY];
  return typeof parameter === 'string' && parameter !== '' ? parameter : undefined;
}

function wantsEventStream(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/event-stream');
}

/** Reads the operation of a request, or answers 400 and returns undefined. */
function readOperation(request: FastifyRequest, reply: FastifyReply): OperationRequest | undefined {
  try {
    if (request.method === 'GET') {
      const { [TOKEN_QUERY_KEY]: _token, ...parameters } = request.query as Query;
      return operationOfQueryString(parameters);
    }
    return operationOfBody(request.body);
  } catch (error) {
    if (!(error instanceof MalformedRequest)) throw error;
    void answerJson(reply, 400, { errors: [{ message: error.message, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
    return undefined;
  }
}

const notAcceptable = {
  errors: [
    { message: 'Ask for Accept: text/event-stream (or run operations on a reserved stream with its token).', extensions: { code: ErrorCode.BAD_USER_INPUT } },
  ],
};

/**
 * GraphQL over Server-Sent Events at `path`, the graphql-sse protocol in both of its modes: an
 * adapter of the operation core that only translates the protocol. Written here rather than with
 * graphql-sse's own handler because that handler executes against a schema itself, queues every
 * event of a slow client without bound and keeps reservations forever; here every operation runs
 * through the core's plugins, events go through a bounded writer and shared payloads are written
 * as they are, and a reservation is a connection with a deadline. graphql-sse's constants and
 * event printer are used, and its client is what the tests talk to.
 */
export function registerSse(app: FastifyInstance, options: SseOptions & { readonly path: string }): SseEndpoint {
  const streams: OpenStreams = new Set();
  const reservations = new Reservations(options, streams);
  const { path } = options;

  app.put(path, async (request, reply) => {
    if (tokenOf(request)) return answerJson(reply, 409, { errors: [{ message: 'Stream already registered.', extensions: { code: ErrorCode.CONFLICT } }] });
    return reservations.reserve(request, reply);
  });

  /** Runs the request's operation: on the reserved stream its token names, else as a distinct stream (which must be asked for). */
  const runOperation = (request: FastifyRequest, reply: FastifyReply, token: string | undefined, capabilities: TransportCapabilities) => {
    const operation = readOperation(request, reply);
    if (!operation) return reply;
    if (token) return reservations.run(token, operation, capabilities, request, reply);
    if (!wantsEventStream(request)) return answerJson(reply, 406, notAcceptable);
    return runDistinctStream(request, reply, operation, capabilities, options, streams);
  };

  app.get(path, async (request, reply) => {
    const token = tokenOf(request);
    if (token && wantsEventStream(request)) return reservations.attach(token, request, reply);
    return runOperation(request, reply, token, sseGetCapabilities);
  });

  app.post(path, async (request, reply) => runOperation(request, reply, tokenOf(request), sseCapabilities));

  app.delete(path, async (request, reply) => {
    const token = tokenOf(request);
    if (!token) return answerJson(reply, 404, { errors: [{ message: 'Stream not found.', extensions: { code: ErrorCode.NOT_FOUND } }] });
    const operationId = (request.query as Query).operationId;
    return reservations.stop(token, typeof operationId === 'string' ? operationId : undefined, request, reply);
  });

  app.patch(path, async (request, reply) => {
    const token = tokenOf(request);
    if (!token) return answerJson(reply, 404, { errors: [{ message: 'Stream not found.', extensions: { code: ErrorCode.NOT_FOUND } }] });
    return reservations.refresh(token, request, reply);
  });

  return {
    connections: () => streams.size,
    close: () => {
      for (const stream of [...streams]) stream.end();
    },
  };
}
