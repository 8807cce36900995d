import { roleAtLeast } from '@cryptograph/core/base';
import type { GatewayContext } from '../context.js';

/** True when `narrower` grants a subset of `wider`'s scopes (null: everything the role allows). */
function scopesWithin(narrower: readonly string[] | null, wider: readonly string[] | null): boolean {
  if (wider === null) return true;
  if (narrower === null) return false;
  return narrower.every((scope) => wider.includes(scope));
}

/**
 * True when `next` may replace `current` on an open connection (a live token refresh): the same
 * user, a role no higher, scopes no wider, and the same kind of credential (a key's connection
 * is never turned into a token's, nor the reverse).
 */
export function isSameOrNarrower(current: GatewayContext, next: GatewayContext): boolean {
  const [before, after] = [current.identity, next.identity];
  if (before.userId === null || before.userId !== after.userId) return false;
  if ((current.apiKeyPrefix === null) !== (next.apiKeyPrefix === null)) return false;
  if (before.role === null || after.role === null || !roleAtLeast(before.role, after.role)) return false;
  return scopesWithin(after.scopes, before.scopes);
}

/** True when both contexts act with exactly the same authority: user, role, scopes and API key. */
export function hasSameAuthority(a: GatewayContext, b: GatewayContext): boolean {
  const [x, y] = [a.identity, b.identity];
  const sameScopes =
    x.scopes === y.scopes ||
    (x.scopes !== null && y.scopes !== null && x.scopes.length === y.scopes.length && x.scopes.every((scope) => y.scopes!.includes(scope)));
  return x.userId === y.userId && x.role === y.role && a.apiKeyPrefix === b.apiKeyPrefix && sameScopes;
}
