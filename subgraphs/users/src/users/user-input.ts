import { badUserInput } from '@cryptograph/core';
import { z } from 'zod';

/** Longest email address accepted (RFC 5321 path limit). */
export const maxEmailLength = 254;

const emailSchema = z.email();
const usernamePattern = /^[A-Za-z0-9_.-]{3,32}$/;

/** Validates an email address and returns it trimmed and lower-cased; BAD_USER_INPUT naming `field` otherwise. */
export function normaliseEmail(email: string, field = 'email'): string {
  const trimmed = email.trim();
  if (trimmed.length === 0) throw badUserInput('Email must not be empty.', field);
  if (trimmed.length > maxEmailLength) throw badUserInput(`Email must be at most ${maxEmailLength} characters.`, field);
  const lower = trimmed.toLowerCase();
  if (!emailSchema.safeParse(lower).success) throw badUserInput('Email is not a valid email address.', field);
  return lower;
}

/** Validates a username (3 to 32 of letters, digits, `_`, `.`, `-`); BAD_USER_INPUT naming `field` otherwise. */
export function validateUsername(username: string, field = 'username'): string {
  if (!usernamePattern.test(username)) {
    throw badUserInput('Username must be 3 to 32 characters of letters, digits, "_", "." or "-".', field);
  }
  return username;
}
