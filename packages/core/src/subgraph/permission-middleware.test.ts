import { execute, parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, rule } from 'graphql-shield';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { describe, expect, it } from 'vitest';
import { permissionMiddleware } from './permission-middleware.js';

const typeDefs = /* GraphQL */ `
  type Query {
    open: Thing
    guarded: Thing
    unlisted: Thing
    wildcard: Wild
  }
  type Thing {
    name: String
    secret: String
  }
  type Wild {
    a: String
    b: String
  }
`;
const thing = { name: 'n', secret: 's' };
const resolvers = { Query: { open: () => thing, guarded: () => thing, unlisted: () => thing, wildcard: () => ({ a: 'a', b: 'b' }) } };
const isCaller = rule({ cache: 'no_cache' })((_parent, _args, context: { caller: boolean }) => context.caller);
const rules = { Query: { open: allow, guarded: isCaller, wildcard: allow }, Thing: { name: allow, secret: isCaller }, Wild: { '*': allow } };

describe('permissionMiddleware', () => {
  const base = makeExecutableSchema({ typeDefs, resolvers });
  const middleware = permissionMiddleware(base, rules);
  const schema = applyMiddleware(base, middleware);
  const run = (query: string, caller: boolean) => execute({ schema, document: parse(query), contextValue: { caller } });

  it('checks only fields whose rule is not `allow`, and denies fields with no rule', () => {
    expect(Object.keys(middleware).sort()).toEqual(['Query', 'Thing']);
    expect(Object.keys(middleware.Query as object).sort()).toEqual(['guarded', 'unlisted']);
    expect(Object.keys(middleware.Thing as object)).toEqual(['secret']);
  });

  it('resolves always-allowed fields synchronously, without a promise per field', () => {
    const result = run('{ open { name } wildcard { a b } }', false);
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual({ data: { open: { name: 'n' }, wildcard: { a: 'a', b: 'b' } } });
  });

  it('still applies rules and the FORBIDDEN fallback', async () => {
    const denied = await run('{ guarded { name } unlisted { name } open { secret } }', false);
    expect(denied.data).toEqual({ guarded: null, unlisted: null, open: { secret: null } });
    expect(denied.errors?.map((error) => [error.path?.join('.'), error.extensions?.code]).sort()).toEqual([
      ['guarded', 'FORBIDDEN'],
      ['open.secret', 'FORBIDDEN'],
      ['unlisted', 'FORBIDDEN'],
    ]);
    const allowed = await run('{ guarded { name secret } unlisted { name } }', true);
    expect(allowed.data).toEqual({ guarded: { name: 'n', secret: 's' }, unlisted: null });
    expect(allowed.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
