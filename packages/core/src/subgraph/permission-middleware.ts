import type { GraphQLSchema } from 'graphql';
import type { IMiddlewareTypeMap } from 'graphql-middleware';
import { allow, deny, shield, type IRules } from 'graphql-shield';
import { forbidden } from '../errors/app-error.js';

/** The rule graphql-shield applies to `type.field` of `rules` (same lookup as shield's generator), with `fallback` for unlisted fields. */
function effectiveRule(rules: IRules, type: string, field: string, fallback: unknown): unknown {
  const typeRules = (rules as Record<string, unknown>)[type];
  if (typeRules === undefined) return fallback;
  if (typeof (typeRules as { resolve?: unknown }).resolve === 'function') return typeRules;
  const fieldRules = typeRules as Record<string, unknown>;
  return fieldRules[field] ?? fieldRules['*'] ?? fallback;
}

/**
 * graphql-shield with fallback deny (anything not listed is FORBIDDEN), minus the fields whose rule
 * is `allow`: shield wraps every field in an async check, which turns each plain property of a
 * result into several promises; a field that is always allowed needs no check, so it keeps its own
 * resolver (or graphql-jit's inlined property read).
 */
export function permissionMiddleware(schema: GraphQLSchema, rules: IRules): IMiddlewareTypeMap {
  const generated = shield(rules, { fallbackRule: deny, fallbackError: () => forbidden(), allowExternalErrors: true, debug: false }).generate(
    schema,
  ) as IMiddlewareTypeMap;
  const checked: IMiddlewareTypeMap = {};
  for (const [type, fields] of Object.entries(generated)) {
    if (typeof fields === 'function') continue;
    const kept = Object.entries(fields).filter(([field]) => effectiveRule(rules, type, field, deny) !== allow);
    if (kept.length > 0) checked[type] = Object.fromEntries(kept);
  }
  return checked;
}
