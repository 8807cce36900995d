import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { isOperatorError } from '../errors/operator-error.js';
import { commonEnvShape, listenEnvShape } from './common-env.js';
import { EnvError, parseEnv } from './parse-env.js';

const schema = z.object({
  ...commonEnvShape,
  ...listenEnvShape(4000),
  RATIO: z.coerce.number().min(0).max(1).default(0.5),
  SECRET: z.string().min(32).optional(),
});

function problemsOf(source: Record<string, string>): readonly string[] {
  try {
    parseEnv(schema, source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    expect(isOperatorError(error)).toBe(true);
    return (error as EnvError).problems;
  }
  throw new Error('expected the environment to be refused');
}

describe('parseEnv', () => {
  it('returns the frozen, typed values, empty values counting as unset', () => {
    const env = parseEnv(schema, { PORT: '4100', DATABASE_URL: 'postgres://u:p@db:5432/app', REDIS_URL: '', LOG_LEVEL: 'warn' });
    expect(env).toMatchObject({ PORT: 4100, HOST: '127.0.0.1', DATABASE_URL: 'postgres://u:p@db:5432/app', LOG_LEVEL: 'warn', RATIO: 0.5 });
    expect(env.REDIS_URL).toBeUndefined();
    expect(Object.isFrozen(env)).toBe(true);
  });

  it('names each invalid variable and its rule on one line, never its value', () => {
    const problems = problemsOf({
      PORT: 'abc',
      DATABASE_URL: 'nonsense',
      REDIS_URL: 'http://cache:6379',
      LOG_LEVEL: 'loud',
      RATIO: '2',
      SECRET: 'short-secret-value',
      DATABASE_POOL_SIZE: '1.5',
    });
    expect([...problems].sort()).toEqual(
      [
        'DATABASE_URL: must be a postgres:// URL, e.g. postgres://user:password@host:5432/database',
        'DATABASE_POOL_SIZE: must be a whole number from 1 to 200',
        'REDIS_URL: must be a redis:// or rediss:// URL, e.g. redis://host:6379',
        'PORT: must be a whole number from 0 to 65535',
        'RATIO: must be a number from 0 to 1',
        'SECRET: must be at least 32 characters',
        'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
      ].sort(),
    );
    for (const line of problems) expect(line).not.toMatch(/\n|abc|nonsense|short-secret-value|loud/);
  });

  it('refuses out-of-range numbers and URLs without a host', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT: must be a whole number from 0 to 65535']);
    expect(problemsOf({ DATABASE_URL: 'postgres://' })).toEqual(['DATABASE_URL: must be a postgres:// URL, e.g. postgres://user:password@host:5432/database']);
  });
});
