import { describe, expect, it } from 'vitest';
import { deepMerge, flattenResultsAtPath } from './plan-data.js';

/** @apollo/gateway 2.14.4's flattenResultsAtPath (dist/executeQueryPlan.js, not exported), restated as the reference. */
function apolloFlatten(value: unknown, path: (string | number)[]): unknown {
  if (path.length === 0) return value;
  if (value === undefined || value === null) return value;
  const [current, ...rest] = path;
  if (current === '@') return (value as unknown[]).flatMap((element) => apolloFlatten(element, rest));
  if (typeof current !== 'string' || Array.isArray(value)) throw new Error('assertion');
  return Object.prototype.hasOwnProperty.call(value, current)
    ? apolloFlatten((value as Record<string, unknown>)[current], rest)
    : apolloFlatten(undefined, rest);
}

describe('plan data helpers', () => {
  const data = {
    users: [{ id: 1, reviews: [{ id: 'a', product: { upc: '1' } }, null, { id: 'b', product: null }] }, null, { id: 2, reviews: [] }, { id: 3 }],
    grid: [[{ upc: '1' }, null], [], null, [[{ upc: 'deep' }]]],
    one: { two: [1, [2, 3]] },
  };
  const paths: (string | number)[][] = [
    [],
    ['users'],
    ['users', '@'],
    ['users', '@', 'reviews'],
    ['users', '@', 'reviews', '@'],
    ['users', '@', 'reviews', '@', 'product'],
    ['users', '@', 'missing', '@'],
    ['grid', '@'],
    ['grid', '@', '@'],
    ['one', 'two'],
    ['one', 'two', '@'],
    ['nothing', 'at', 'all'],
  ];

  it.each(paths.map((path) => [path.join('.') || '(root)', path] as const))('flattens %s exactly as Apollo does', (_name, path) => {
    expect(flattenResultsAtPath(data, path)).toEqual(apolloFlatten(data, path));
  });

  it('keeps the top-level value itself (not a copy) and refuses a field on a list', () => {
    expect(flattenResultsAtPath(data, ['users'])).toBe(data.users);
    expect(() => flattenResultsAtPath(data, ['users', 'id'])).toThrow(/Unexpected array/);
  });

  it('merges like Apollo: objects recursively, same-length lists element-wise, inherited names as own properties', () => {
    const target = JSON.parse('{"a":{"b":1},"list":[{"x":1},2],"short":[1]}') as Record<string, unknown>;
    deepMerge(target, JSON.parse('{"a":{"c":2},"list":[{"y":2},3],"short":[1,2],"skip":null,"constructor":"own","__proto__":{"polluted":true}}'));
    expect(target).toEqual({ a: { b: 1, c: 2 }, list: [{ x: 1, y: 2 }, 3], short: [1, 2], skip: null, constructor: 'own', ['__proto__']: { polluted: true } });
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
