import { allow, rule } from 'graphql-shield';
import { forbidden, unauthenticated } from '../errors/app-error.js';
import { roleAtLeast, type Role } from '../identity/identity.js';
import type { BaseContext } from './subgraph-context.js';

/** Passes for any signed-in caller; anonymous callers get UNAUTHENTICATED. */
export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, context: BaseContext) => (context.identity.userId ? true : unauthenticated()));

/** Passes for callers whose role is at least `role`; others get UNAUTHENTICATED or FORBIDDEN. */
export function hasRole(role: Role) {
  return rule(`hasRole:${role}`, { cache: 'contextual' })((_parent, _args, context: BaseContext) => {
    if (!context.identity.userId) return unauthenticated();
    return roleAtLeast(context.identity.role, role) ? true : forbidden(`This requires the ${role} role.`);
  });
}

/** Passes when the credential carries `scope` (or is not scope-limited, like a session token). */
export function hasScope(scope: string) {
  return rule(`hasScope:${scope}`, { cache: 'contextual' })((_parent, _args, context: BaseContext) => {
    const scopes = context.identity.scopes;
    return scopes === null || scopes.includes(scope) ? true : forbidden(`This requires the "${scope}" scope.`);
  });
}

/** Federation's own fields, which the gateway needs on every subgraph. */
export const federationPermissions = {
  Query: { _service: allow, _entities: allow },
  _Service: allow,
} as const;
