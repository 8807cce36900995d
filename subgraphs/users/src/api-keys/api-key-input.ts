import { apiKeyScopes, badUserInput, roleAtLeast, type Role } from '@cryptograph/core';

/** The least role that can make use of each scope; a key asking for more is refused at creation. */
const scopeRole: Record<string, Role> = {
  'read:market': 'VIEWER',
  'read:predictions': 'VIEWER',
  'write:market': 'ANALYST',
  'write:models': 'ANALYST',
  'admin:users': 'ADMIN',
};

/** True when a key of an owner with `role` may carry `scope`. */
export function scopeAllowedFor(scope: string, role: Role): boolean {
  const least = scopeRole[scope];
  return least !== undefined && roleAtLeast(role, least);
}

/** Most active keys one user may hold. */
export const maxActiveApiKeysPerUser = 50;

/** A validated `createApiKey` input. */
export interface ApiKeyInput {
  readonly name: string;
  readonly scopes: string[];
}

/** Validates a key's name (1 to 64 characters) and scopes (known, at least one, within `role`); throws BAD_USER_INPUT. */
export function validateApiKeyInput(input: { name: string; scopes: readonly string[] }, role: Role | null): ApiKeyInput {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 64) throw badUserInput('The name must have 1 to 64 characters.', 'name');
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0) throw badUserInput('Give the key at least one scope.', 'scopes');
  for (const scope of scopes) {
    if (!(apiKeyScopes as readonly string[]).includes(scope)) throw badUserInput(`Unknown scope "${scope}"; use ${apiKeyScopes.join(', ')}.`, 'scopes');
    if (!roleAtLeast(role, scopeRole[scope]!)) throw badUserInput(`The scope "${scope}" needs the ${scopeRole[scope]} role.`, 'scopes');
  }
  return { name, scopes: scopes.sort() };
}
