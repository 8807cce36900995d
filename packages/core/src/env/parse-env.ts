import type { z } from 'zod';

/** Thrown when the environment does not satisfy a service's env schema; lists every problem at once. */
export class EnvError extends Error {
  override name = 'EnvError';
}

/**
 * Parses `source` (normally `process.env`) with `schema` once and returns a frozen result.
 * Fails fast with a readable list of every invalid variable.
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): Readonly<z.infer<S>> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}
