import { AppError, ErrorCode } from '@cryptograph/core';

/** Names that look like they speak for the installation; nobody can sign up as (or rename to) one of them. */
const reserved = new Set([
  'admin',
  'administrator',
  'admins',
  'root',
  'system',
  'sysadmin',
  'superuser',
  'superadmin',
  'su',
  'sudo',
  'owner',
  'operator',
  'moderator',
  'mod',
  'staff',
  'support',
  'security',
  'official',
  'service',
  'daemon',
  'webmaster',
  'postmaster',
  'hostmaster',
  'abuse',
  'noreply',
  'cryptograph',
  'gateway',
  'api',
]);

/**
 * The reserved names that also may not appear as one word of a longer name (`the_admin`, `root.ops`):
 * only the unmistakable ones, so that names like `su_li` or `api_fan` stay free.
 */
const reservedWords = new Set(['admin', 'administrator', 'admins', 'root', 'sysadmin', 'superuser', 'superadmin', 'cryptograph']);

/** Digits people type for the letters they look like (`adm1n`, `r00t`). */
const lookalikes: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't' };

/** A name's letters as they read: lower case, look-alike digits as their letters. */
function asRead(name: string): string {
  return name.toLowerCase().replace(/[013457]/g, (digit) => lookalikes[digit]!);
}

/**
 * The forms a username is compared in: lower case without `_ . -` and without trailing digits
 * (`Admin_1` → `admin`), the same with look-alike digits read as letters (`adm1n` → `admin`), and
 * for the unmistakable names each word between separators (`the_admin` → `admin`).
 */
function formsOf(username: string): { whole: string[]; words: string[] } {
  const lower = username.toLowerCase();
  const stem = lower.replace(/[_.-]/g, '').replace(/\d+$/, '');
  const words = lower
    .split(/[_.-]+/)
    .map((word) => word.replace(/\d+$/, ''))
    .filter((word) => word.length > 0);
  return { whole: [lower, stem, asRead(stem)], words: [...words, ...words.map(asRead)] };
}

/** True when `username` is reserved, also in a variant such as `Admin`, `ad.min`, `root_2`, `adm1n` or `the_admin`. */
export function isReservedUsername(username: string): boolean {
  const { whole, words } = formsOf(username);
  return whole.some((form) => reserved.has(form)) || words.some((word) => reservedWords.has(word));
}

/** Throws BAD_USER_INPUT (rule `reserved`) for a reserved username. */
export function assertUsernameNotReserved(username: string, field = 'username'): void {
  if (isReservedUsername(username)) throw new AppError(ErrorCode.BAD_USER_INPUT, 'This username is reserved; choose another.', { field, rule: 'reserved' });
}
