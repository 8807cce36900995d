import { AppError, ErrorCode } from '@cryptograph/core';
import { commonPasswords } from './common-passwords.js';

/** Shortest password accepted (NIST SP 800-63B: at least 8). */
export const minPasswordLength = 8;
/** Longest password accepted, in characters; long enough for any passphrase, short enough to hash cheaply. */
export const maxPasswordLength = 128;

/** Names of the password rules, reported in `extensions.rule`. */
export type PasswordRule = 'length' | 'common' | 'repetitive' | 'no-username' | 'no-email';

/** Who the password belongs to; it must not contain these. */
export interface PasswordOwner {
  readonly username: string;
  readonly email: string;
}

/** Email local parts shorter than this are too common to forbid inside passwords. */
const minForbiddenLength = 3;

/**
 * A password as it is checked and hashed: Unicode NFKC, so the same passphrase typed on another
 * keyboard or system (composed or decomposed accents, full-width forms) is the same password.
 */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

/** `password` without the digits, symbols and spaces people wrap common words in (`Summer2024!` → `summer`). */
function coreWord(lower: string): string {
  return lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}

function violation(rule: PasswordRule, message: string, field: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, message, { field, rule });
}

/**
 * The first rule `password` breaks, as a BAD_USER_INPUT error naming the rule and `field`; null
 * when it passes. The rules follow NIST SP 800-63B: 8 to 128 characters (NFKC-normalised, any
 * character, spaces included, passphrases welcome), no composition rules, and refused when it is a
 * common password (or one wrapped in digits and symbols), one short sequence repeated, or contains
 * the username or the email's local part.
 */
export function passwordViolation(password: string, owner: PasswordOwner, field = 'password'): AppError | null {
  const normalised = normalisePassword(password);
  const length = [...normalised].length;
  if (length < minPasswordLength || length > maxPasswordLength) {
    return violation(
      'length',
      `Password must be ${minPasswordLength} to ${maxPasswordLength} characters long; a passphrase of a few words is easiest to remember.`,
      field,
    );
  }
  const lower = normalised.toLowerCase();
  const core = coreWord(lower);
  const common = commonPasswords();
  if (common.has(lower) || (core.length >= 3 && common.has(core))) {
    return violation(
      'common',
      'Password is one of the most commonly used passwords; choose another (a passphrase of a few unrelated words works well).',
      field,
    );
  }
  if (/^(.{1,3}?)\1+$/u.test(lower)) return violation('repetitive', 'Password must not be one character or short sequence repeated.', field);
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
