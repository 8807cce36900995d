import { AppError, ErrorCode } from '@cryptograph/core';

/** Shortest password accepted. */
export const minPasswordLength = 10;
/** Longest password accepted. */
export const maxPasswordLength = 128;

/** Names of the password rules, reported in `extensions.rule`. */
export type PasswordRule = 'length' | 'letter' | 'digit-or-symbol' | 'no-username' | 'no-email';

/** Who the password belongs to; it must not contain these. */
export interface PasswordOwner {
  readonly username: string;
  readonly email: string;
}

/** Email local parts shorter than this are too common to forbid inside passwords. */
const minForbiddenLength = 3;

function violation(rule: PasswordRule, message: string, field: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, message, { field, rule });
}

/** The first password rule `password` breaks, as a BAD_USER_INPUT error naming the rule and `field`; null when it passes. */
export function passwordViolation(password: string, owner: PasswordOwner, field = 'password'): AppError | null {
  const length = [...password].length;
  if (length < minPasswordLength || length > maxPasswordLength) {
    return violation('length', `Password must be ${minPasswordLength} to ${maxPasswordLength} characters long.`, field);
  }
  if (!/\p{L}/u.test(password)) return violation('letter', 'Password must contain a letter.', field);
  if (!/[^\p{L}\s]/u.test(password)) return violation('digit-or-symbol', 'Password must contain a digit or a symbol.', field);
  const lower = password.toLowerCase();
  if (lower.includes(owner.username.toLowerCase())) return violation('no-username', 'Password must not contain the username.', field);
  const localPart = owner.email.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= minForbiddenLength && lower.includes(localPart)) {
    return violation('no-email', 'Password must not contain the email address.', field);
  }
  return null;
}

/** Throws the first rule `password` breaks (see `passwordViolation`). */
export function assertPasswordAllowed(password: string, owner: PasswordOwner, field = 'password'): void {
  const error = passwordViolation(password, owner, field);
  if (error) throw error;
}
