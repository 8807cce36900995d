/**
 * A mistake in the operator's configuration or bootstrap input (an env variable, a CLI flag): the
 * process prints its message as one line naming the variable and the rule, without a stack trace,
 * and exits 1. Programming errors stay plain errors and keep their stack traces.
 */
export class OperatorError extends Error {
  override name = 'OperatorError';

  constructor(
    /** The variable or flag that is wrong, e.g. `ADMIN_PASSWORD`. */
    readonly variable: string,
    /** The rule it breaks, e.g. `must be at least 8 characters`. */
    readonly rule: string,
  ) {
    super(`${variable}: ${rule}`);
  }
}

/** True for an operator's mistake (OperatorError or an invalid environment), also across package copies. */
export function isOperatorError(error: unknown): error is Error {
  return error instanceof Error && (error.name === 'OperatorError' || error.name === 'EnvError');
}
