import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-code.js';

/** A GraphQL error with a public code; the only kind of error whose message reaches clients. */
export class AppError extends GraphQLError {
  /** The public error code. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.code = code;
    this.name = 'AppError';
  }
}

/**
 * True for an AppError, also across copies of the graphql package (graphql-jit may wrap errors
 * in another copy's GraphQLError), so it checks the name and shape rather than the class.
 */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || (error instanceof Error && error.name === 'AppError' && typeof (error as Partial<AppError>).code === 'string');
}

/** The caller is not signed in or its credentials are invalid. */
export const unauthenticated = (message = 'You must be signed in to do this.') => new AppError(ErrorCode.UNAUTHENTICATED, message);

/** The caller is signed in but not allowed to do this. */
export const forbidden = (message = 'You are not allowed to do this.') => new AppError(ErrorCode.FORBIDDEN, message);

/** The input is invalid; `field` names the offending argument or input field. */
export const badUserInput = (message: string, field?: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});

/** The referenced object does not exist. */
export const notFound = (what: string, id: string) => new AppError(ErrorCode.NOT_FOUND, `${what} "${id}" was not found.`);

/** The change conflicts with existing data (e.g. a duplicate unique value). */
export const conflict = (message: string, field?: string) => new AppError(ErrorCode.CONFLICT, message, field ? { field } : {});

/** Too many attempts; `retryAfterSeconds` tells the client when to try again. */
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError(ErrorCode.RATE_LIMITED, message, { retryAfter: Math.max(1, Math.ceil(retryAfterSeconds)) });
