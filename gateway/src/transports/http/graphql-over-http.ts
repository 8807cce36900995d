import { ErrorCode, internalErrorMessage } from '@cryptograph/core/base';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormattedExecutionResult } from 'graphql';
import type { IncomingMessage } from 'node:http';
import { ConnectionRefused } from '../../operation/connection-end.js';
import type { OperationCore } from '../../operation/operation-core.js';
import type { OperationKind, OperationRequest, TransportCapabilities } from '../../operation/operation.js';
import { resultJson } from '../../operation/serialized-result.js';
import { credentialsOfHeaders } from '../credentials-of-headers.js';
import { csrfMessage, isPreflighted } from './csrf-prevention.js';
import { MalformedRequest, operationOfBody, operationOfQueryString } from './http-operation-request.js';
import { createWriteBuffers, type WriteBuffers } from './write-buffers.js';

/** What GraphQL over HTTP needs. */
export interface GraphqlOverHttpOptions {
  readonly core: OperationCore;
  /** Where it answers (`/graphql`). */
  readonly path: string;
  /** Resolves the client's address from the request (honours TRUST_PROXY; an IPv6 client is its network). */
  readonly clientAddress: (request: IncomingMessage) => string;
  /** Logs an error nothing should have raised. */
  readonly onUnexpected: (error: unknown) => void;
}

const postCapabilities: TransportCapabilities = { accepts: new Set<OperationKind>(['query', 'mutation']), metadata: true };
const getCapabilities: TransportCapabilities = { accepts: new Set<OperationKind>(['query']), metadata: true };
const jsonType = 'application/json; charset=utf-8';

/**
 * Writes a result as JSON, serialized once per result object: a result shared by several requests
 * is written from the same bytes; a fresh one is encoded into a pooled buffer, given back once the
 * answer was handed to the operating system (never when the connection closed before that).
 * `Cache-Control: no-store` unless a plugin said what may be kept (the response cache, for public
 * market data): answers may be personal or a refusal, and no browser or proxy may keep them,
 * whether the response cache runs or not.
 */
function answer(
  reply: FastifyReply,
  writeBuffers: WriteBuffers,
  status: number,
  body: FormattedExecutionResult,
  headers?: Readonly<Record<string, string>>,
): FastifyReply {
  void reply.header('cache-control', 'no-store');
  if (headers) void reply.headers(headers);
  const json = resultJson(body);
  if (typeof json !== 'string') return reply.code(status).type(jsonType).send(json);
  const encoded = writeBuffers.encode(json);
  reply.raw.once('finish', encoded.release);
  return reply.code(status).type(jsonType).send(encoded.bytes);
}

const badRequest = (message: string): FormattedExecutionResult => ({ errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });

/**
 * GraphQL over HTTP at `path` (POST with a JSON body; GET with URL parameters, queries only), an
 * adapter of the operation core that only translates HTTP: it reads the request (one operation,
 * no batches), refuses a GET that may be a cross-site request forgery, authenticates the request's
 * credentials (`Authorization`, `x-api-key`; both at once are refused), runs the operation through
 * the core's plugins, and answers with the outcome's status, headers and JSON body.
 */
export function registerGraphqlOverHttp(app: FastifyInstance, options: GraphqlOverHttpOptions): void {
  const writeBuffers = createWriteBuffers();
  async function run(request: FastifyRequest, reply: FastifyReply, operationRequest: OperationRequest, capabilities: TransportCapabilities) {
    const clientAddress = options.clientAddress(request.raw);
    const connection = options.core.open({ transport: 'http', clientAddress, persistent: false, onEnd: () => {} });
    try {
      await connection.authenticate(credentialsOfHeaders(request.headers, clientAddress));
    } catch (error) {
      if (error instanceof ConnectionRefused) return answer(reply, writeBuffers, error.status, { errors: [error.error] });
      throw error;
    }
    const outcome = await connection.execute(operationRequest, capabilities);
    if (outcome.kind === 'result') return answer(reply, writeBuffers, outcome.status, outcome.result, outcome.headers);
    options.onUnexpected(new Error('A stream outcome reached GraphQL over HTTP.'));
    return answer(reply, writeBuffers, 500, { errors: [{ message: internalErrorMessage, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
  }

  app.post(options.path, async (request, reply) => {
    let operationRequest: OperationRequest;
    try {
      operationRequest = operationOfBody(request.body);
    } catch (error) {
      if (error instanceof MalformedRequest) return answer(reply, writeBuffers, 400, badRequest(error.message));
      throw error;
    }
    return run(request, reply, operationRequest, postCapabilities);
  });

  app.get(options.path, async (request, reply) => {
    if (!isPreflighted(request.headers)) return answer(reply, writeBuffers, 400, badRequest(csrfMessage));
    let operationRequest: OperationRequest;
    try {
      operationRequest = operationOfQueryString(request.query as Record<string, string | string[] | undefined>);
    } catch (error) {
      if (error instanceof MalformedRequest) return answer(reply, writeBuffers, 400, badRequest(error.message));
      throw error;
    }
    return run(request, reply, operationRequest, getCapabilities);
  });
}
