import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { notFound } from './app-error.js';
import { maskError } from './mask-error.js';

describe('maskError', () => {
  it('keeps AppErrors, hides everything else and reports it', () => {
    const reported: unknown[] = [];
    const report = (cause: unknown) => reported.push(cause);
    const known = new GraphQLError('wrapped', { originalError: notFound('User', '42'), path: ['user'] });
    expect(maskError(known, report)).toMatchObject({ message: 'User "42" was not found.', extensions: { code: 'NOT_FOUND' } });
    const sqlError = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), { code: '23505' });
    const masked = maskError(new GraphQLError(sqlError.message, { originalError: sqlError, path: ['signup'] }), report);
    expect(masked).toEqual({ message: 'Internal server error.', path: ['signup'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(masked)).not.toContain('users_email_key');
    expect(reported).toEqual([sqlError]);
  });

  it('turns a variable value that does not coerce into BAD_USER_INPUT naming the variable', () => {
    const inner = new GraphQLError('Value "M2" does not exist in "CandleInterval" enum.');
    const error = new GraphQLError('Variable "$interval" got invalid value "M2"; Value "M2" does not exist in "CandleInterval" enum.', {
      originalError: inner,
    });
    const reported: unknown[] = [];
    expect(maskError(error, (cause) => reported.push(cause))).toMatchObject({
      message: error.message,
      extensions: { code: 'BAD_USER_INPUT', field: 'interval' },
    });
    expect(reported).toEqual([]);
  });
});
