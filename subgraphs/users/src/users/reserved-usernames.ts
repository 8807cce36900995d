import { AppError, ErrorCode } from '@cryptograph/core';

/** Names that look like they speak for the installation; nobody can sign up as (or rename to) one of them. */
const reserved = new Set([
  'admin', 'administrator', 'admins', 'root', 'system', 'sysadmin', 'superuser', 'superadmin', 'su', 'sudo',
  'owner', 'operator', 'moderator', 'mod', 'staff', 'support', 'security', 'official', 'service', 'daemon',
  'webmaster', 'postmaster', 'hostmaster', 'abuse', 'noreply', 'cryptograph', 'gateway', 'api',
]);

/** The name as compared with the reserved ones: lower case, without `_ . -` and without trailing digits (`Admin_1` → `admin`). */
function stem(username: string): string {
  return username.toLowerCase().replace(/[_.-]/g, '').replace(/\d+$/, '');
}

/** True when `username` is reserved, also in a variant such as `Admin`, `ad.min` or `root_2`. */
export function isReservedUsername(username: string): boolean {
  return reserved.has(stem(username)) || reserved.has(username.toLowerCase());
}

/** Throws BAD_USER_INPUT (rule `reserved`) for a reserved username. */
export function assertUsernameNotReserved(username: string, field = 'username'): void {
  if (isReservedUsername(username)) throw new AppError(ErrorCode.BAD_USER_INPUT, 'This username is reserved; choose another.', { field, rule: 'reserved' });
}
