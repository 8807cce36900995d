import { assert } from '@apollo/federation-internals';
import { getResponseName, type QueryPlanSelectionNode, type ResponsePath } from '@apollo/query-planner';
import type { GraphQLSchema } from 'graphql';
import { apolloDataRewrites } from './apollo-gateway-internals.js';

const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * The objects this module creates (entity representations): nothing inherited, so a response
 * name such as `__proto__` is an own property like any other (Apollo uses `Object.create(null)`),
 * but fast objects sharing hidden classes instead of hash tables.
 */
const PlanObject = function PlanObject() {} as unknown as new () => Record<string, unknown>;
PlanObject.prototype = Object.create(null) as object;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One step of a path into an object: its own field `segment`, with Apollo's assertions. */
function fieldAt(value: unknown, segment: string | number | undefined): unknown {
  if (typeof segment !== 'string') assert(false, () => `Unexpected ${typeof segment} found in path`);
  if (Array.isArray(value)) assert(false, () => `Unexpected array in result for path element ${String(segment)}`);
  return hasOwnProperty.call(value, segment as string) ? (value as Record<string, unknown>)[segment as string] : undefined;
}

function collectAtPath(value: unknown, path: ResponsePath, index: number, out: unknown[]): void {
  for (; index < path.length; index++) {
    if (value === undefined || value === null) break;
    const segment = path[index];
    if (segment === '@') {
      for (const element of value as unknown[]) collectAtPath(element, path, index + 1, out);
      return;
    }
    value = fieldAt(value, segment);
  }
  // Under an `@`, a value that is itself a list is spread one level, as `Array.prototype.flatMap` does.
  if (index === path.length && Array.isArray(value)) for (const element of value) out.push(element);
  else out.push(value);
}

/**
 * @apollo/gateway 2.14.4's `flattenResultsAtPath` (dist/executeQueryPlan.js): the value at `path`
 * in `value`, where `@` maps over a list and the results are concatenated (one level). The same
 * answers and assertions, but one output array for the whole walk instead of a copy of the rest of
 * the path per step and an array per list element (`[current, ...rest]` and nested `flatMap`).
 */
export function flattenResultsAtPath(value: unknown, path: ResponsePath): unknown {
  let index = 0;
  for (; index < path.length; index++) {
    if (value === undefined || value === null) return value;
    const segment = path[index];
    if (segment === '@') {
      const out: unknown[] = [];
      for (const element of value as unknown[]) collectAtPath(element, path, index + 1, out);
      return out;
    }
    value = fieldAt(value, segment);
  }
  return value;
}

/**
 * @apollo/gateway 2.14.4's `deepMerge` (dist/utilities/deepMerge.js): merges `source` into
 * `target` in place (objects recursively, lists of the same length element by element, anything
 * else replaced). The same result, iterating own keys with `for…in` instead of allocating an
 * `Object.keys` array per object.
 */
export function deepMerge(target: Record<string, unknown>, source: unknown): Record<string, unknown> {
  if (source === undefined || source === null) return target;
  const from = source as Record<string, unknown>;
  for (const key in from) {
    if (!hasOwnProperty.call(from, key)) continue;
    const value = from[key];
    if (value === undefined) continue;
    // A key the target inherits (`constructor`, `__proto__` on a parsed object) becomes its own first, as Apollo's `defineOwn` does.
    if (!hasOwnProperty.call(target, key) && key in target)
      Object.defineProperty(target, key, { configurable: true, enumerable: true, value: undefined, writable: true });
    const existing = target[key];
    if (existing && isObject(value)) {
      deepMerge(existing as Record<string, unknown>, value);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let index = 0; index < value.length; index++) {
        if (isObject(existing[index]) && isObject(value[index])) deepMerge(existing[index] as Record<string, unknown>, value[index]);
        else existing[index] = value[index];
      }
    } else {
      target[key] = value;
    }
  }
  return target;
}

/**
 * @apollo/gateway 2.14.4's `executeSelectionSet` (dist/executeQueryPlan.js): the representation of
 * an entity that a fetch's `requires` selects (null when a selected field is missing). The same
 * result, in fast objects (`PlanObject`) instead of hash tables.
 */
export function representationOf(
  schema: GraphQLSchema,
  source: Record<string, unknown> | null,
  selections: readonly QueryPlanSelectionNode[],
): Record<string, unknown> | null {
  if (source === null) return null;
  const result = new PlanObject();
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const responseName = getResponseName(selection);
      const nested = selection.selections;
      const value = hasOwnProperty.call(source, responseName) ? source[responseName] : undefined;
      if (value === undefined) return null;
      if (Array.isArray(value)) {
        const list = new Array<unknown>(value.length);
        for (let index = 0; index < value.length; index++)
          list[index] = nested ? representationOf(schema, value[index] as Record<string, unknown> | null, nested) : value[index];
        result[responseName] = list;
      } else if (nested) {
        result[responseName] = representationOf(schema, value as Record<string, unknown> | null, nested);
      } else {
        result[responseName] = value;
      }
    } else {
      if (!selection.typeCondition) continue;
      if (apolloDataRewrites.isObjectOfType(schema, source, selection.typeCondition)) deepMerge(result, representationOf(schema, source, selection.selections));
    }
  }
  return result;
}
