import { z } from 'zod';

/** The schema of one variable without its `.optional()` / `.default()` wrappers. */
function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
  return current;
}

/** "a whole number from 1 to 100", "a number of at least 0"… from a number schema's bounds. */
function numberRule(schema: z.ZodNumber): string {
  const kind = schema.isInt ? 'a whole number' : 'a number';
  const min = Number.isFinite(schema.minValue) ? schema.minValue : null;
  const max = Number.isFinite(schema.maxValue) && !(schema.isInt && schema.maxValue === Number.MAX_SAFE_INTEGER) ? schema.maxValue : null;
  if (min !== null && max !== null) return `must be ${kind} from ${min} to ${max}`;
  if (min !== null) return `must be ${kind} of at least ${min}`;
  if (max !== null) return `must be ${kind} of at most ${max}`;
  return `must be ${kind}`;
}

/** Zod's own messages start like this; any other message was written in a schema for operators and is kept. */
const zodDefaultMessage = /^(Invalid|Too small|Too big|Expected)/;

/** The rule one invalid variable breaks, in words an operator can act on. */
function ruleOf(issue: z.core.$ZodIssue, schema: z.ZodType | undefined): string {
  if (!zodDefaultMessage.test(issue.message)) return issue.message;
  const numeric = schema instanceof z.ZodNumber ? schema : undefined;
  if (numeric && (issue.code === 'invalid_type' || issue.code === 'too_small' || issue.code === 'too_big')) return numberRule(numeric);
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => String(value)).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'url') return 'pattern' in issue && issue.pattern ? `must be a URL whose scheme matches ${issue.pattern}` : 'must be a URL';
      return `must match ${'pattern' in issue ? String(issue.pattern) : issue.format}`;
    case 'too_small':
      return issue.origin === 'string' ? `must be at least ${String(issue.minimum)} characters` : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' ? `must be at most ${String(issue.maximum)} characters` : `must be at most ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

/**
 * One line per invalid variable, `NAME: the rule it breaks` (e.g. `PORT: must be a whole number
 * from 0 to 65535`), never the value (it may be a secret). `shape` is the env object schema's
 * shape, read for the bounds zod leaves out of its messages.
 */
export function describeEnvIssues(issues: readonly z.core.$ZodIssue[], shape?: Readonly<Record<string, z.ZodType>>): string[] {
  const lines = issues.map((issue) => {
    const variable = issue.path.map(String).join('.') || 'environment';
    return `${variable}: ${ruleOf(issue, unwrap(shape?.[String(issue.path[0])]))}`;
  });
  return [...new Set(lines)];
}

/** Name of the error an invalid environment throws; `isOperatorError` in @cryptograph/core recognizes it. */
export const envErrorName = 'EnvError';
