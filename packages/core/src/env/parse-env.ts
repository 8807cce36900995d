import { describeEnvIssues, envErrorName } from '@cryptograph/otel';
import { z } from 'zod';

/**
 * Thrown when the environment does not satisfy a service's env schema. Its message is one line
 * per problem, `NAME: the rule it breaks`, printed as is (no stack trace) by `startOrExit`.
 */
export class EnvError extends Error {
  override name = envErrorName;

  /** One `NAME: rule` line per invalid variable. */
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const lines = typeof problems === 'string' ? [problems] : problems;
    super(lines.join('\n'));
    this.problems = lines;
  }
}

/**
 * Parses `source` (normally `process.env`) with `schema` once and returns a frozen result.
 * Empty values count as unset. Fails fast with every invalid variable at once.
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): Readonly<z.infer<S>> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success)
    throw new EnvError(describeEnvIssues(result.error.issues, schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : undefined));
  return Object.freeze(result.data);
}
