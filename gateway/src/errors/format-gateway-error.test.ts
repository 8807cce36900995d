import { describe, expect, it } from 'vitest';
import { formatGatewayError } from './format-gateway-error.js';

const ignore = () => {};

describe('the gateway error policy', () => {
  it('passes client errors through with whitelisted extensions only', () => {
    const formatted = formatGatewayError(
      {
        message: 'Email taken.',
        path: ['signup'],
        extensions: { code: 'CONFLICT', field: 'email', serviceName: 'users', exception: { stacktrace: ['at x'] } },
      },
      ignore,
    );
    expect(formatted).toEqual({
      message: 'Email taken.',
      path: ['signup'],
      locations: undefined,
      extensions: { code: 'CONFLICT', field: 'email', serviceName: 'users' },
    });
  });

  it('turns other subgraph errors into DOWNSTREAM_SERVICE_ERROR naming the subgraph', () => {
    const seen: unknown[] = [];
    const formatted = formatGatewayError(
      { message: 'relation "users" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'users' } },
      (error) => seen.push(error),
    );
    expect(formatted.extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'users' });
    expect(formatted.message).not.toContain('relation');
    expect(seen).toHaveLength(1);
  });

  it('maps documents that cannot run to BAD_USER_INPUT and unknown gateway errors to INTERNAL_SERVER_ERROR', () => {
    expect(formatGatewayError({ message: 'Cannot query field "x".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, ignore).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'GRAPHQL_VALIDATION_FAILED',
    });
    expect(formatGatewayError({ message: 'TypeError: x is undefined' }, ignore)).toMatchObject({
      message: 'Internal server error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
