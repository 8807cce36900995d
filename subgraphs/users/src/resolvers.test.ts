import { describe, expect, it } from 'vitest';
import { usersResolverModules, usersResolvers } from './resolvers.js';

describe('usersResolvers', () => {
  it('serves every field of every feature folder, merged per type', () => {
    const merged = usersResolvers as Record<string, Record<string, unknown>>;
    for (const module of usersResolverModules as Record<string, Record<string, unknown>>[]) {
      for (const [type, fields] of Object.entries(module)) {
        for (const [field, resolver] of Object.entries(fields)) expect(merged[type]?.[field], `${type}.${field}`).toBe(resolver);
      }
    }
    expect(Object.keys(merged.Mutation ?? {})).toEqual(expect.arrayContaining(['login', 'createApiKey']));
  });
});
