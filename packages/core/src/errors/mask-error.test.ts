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
});
