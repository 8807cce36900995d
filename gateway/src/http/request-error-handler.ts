import { ErrorCode, type Logger } from '@cryptograph/core/base';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Messages for request-level failures that never reach GraphQL (bad JSON, too large, wrong type). */
function describe(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send GraphQL requests as application/json.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty.';
    default:
      return error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
        ? 'The request body is not valid JSON.'
        : 'The request could not be read.';
  }
}

/**
 * Answers HTTP-level failures with a GraphQL-shaped error body and a 4xx status; anything else is
 * logged and answered as INTERNAL_SERVER_ERROR without details.
 */
export function requestErrorHandler(logger: Logger) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ errors: [{ message: describe(error), extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
    }
    logger.error({ err: error }, 'request failed');
    return reply.code(500).send({ errors: [{ message: 'Internal server error.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
  };
}
