import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { encodeCursor, pageRequest, toConnection } from './connection.js';

const parseNumber = (raw: unknown) => (typeof raw === 'number' ? raw : null);

describe('Relay connections', () => {
  it('validates page sizes and cursors', () => {
    expect(pageRequest({}, parseNumber)).toEqual({ limit: 20, after: null });
    expect(pageRequest({ first: 5, after: encodeCursor(7) }, parseNumber)).toEqual({ limit: 5, after: 7 });
    for (const first of [0, -1, 101, 2.5]) {
      expect(() => pageRequest({ first }, parseNumber)).toThrow(AppError);
    }
    expect(() => pageRequest({ after: 'garbage!' }, parseNumber)).toThrow('"after" is not a valid cursor.');
    expect(() => pageRequest({ after: encodeCursor('text') }, parseNumber)).toThrow(AppError);
  });

  it('builds edges and page info from limit + 1 rows', () => {
    const request = pageRequest({ first: 2 }, parseNumber);
    const connection = toConnection([1, 2, 3], request, (row) => row);
    expect(connection.edges.map((edge) => edge.node)).toEqual([1, 2]);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: encodeCursor(1), endCursor: encodeCursor(2) });
    const last = toConnection([3], pageRequest({ first: 2, after: connection.pageInfo.endCursor }, parseNumber), (row) => row);
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(last.pageInfo.hasPreviousPage).toBe(true);
  });
});
