import { conflict, uniqueViolation } from '@cryptograph/core';

const fieldByConstraint: Record<string, 'email' | 'username'> = { users_email_key: 'email', users_username_key: 'username' };

/** Turns a duplicate email/username unique violation into CONFLICT naming the field; returns any other error as it is. */
export function userConflictOf(error: unknown): unknown {
  const constraint = uniqueViolation(error);
  const field = constraint ? fieldByConstraint[constraint] : undefined;
  if (!field) return error;
  return conflict(field === 'email' ? 'This email address is already registered.' : 'This username is already taken.', field);
}
