import { badUserInput } from '@cryptograph/core';
import type { ForecastAlgorithm, Params } from './algorithm.js';
import type { Interval, Target } from './bar.js';
import { combined } from './combined.js';
import { evaluationParamNames, evaluationParamsSchema, type EvaluationParams } from './evaluation-params.js';
import { ewma } from './ewma.js';
import { har, logHar } from './har.js';
import { naive } from './naive.js';
import { ridge } from './ridge.js';

/** Names of the algorithms (GraphQL `ModelAlgorithm`). */
export type AlgorithmName = 'NAIVE' | 'EWMA' | 'RIDGE' | 'HAR' | 'LOG_HAR' | 'COMBINED';

/** Every algorithm by name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry has its own params type; callers parse params with that entry's own zod schema
export const algorithms: Readonly<Record<AlgorithmName, ForecastAlgorithm<any>>> = {
  NAIVE: naive,
  EWMA: ewma,
  RIDGE: ridge,
  HAR: har,
  LOG_HAR: logHar,
  COMBINED: combined,
};

/** A model's full params: its algorithm's and the evaluation params. */
export type ModelParams = Params & EvaluationParams;

function rejectIssue(algorithm: string, issue: { path: PropertyKey[]; code: string; message: string; keys?: string[] }): never {
  const name = issue.path.length > 0 ? `params.${issue.path.map(String).join('.')}` : 'params';
  const message = issue.code === 'unrecognized_keys' ? `has unknown keys for ${algorithm}: ${issue.keys!.join(', ')}` : issue.message;
  throw badUserInput(`"${name}" ${message}.`, 'params');
}

/**
 * Validates `params` for `algorithm` on `interval` and fills defaults (the algorithm's and the
 * evaluation params of that bar length); BAD_USER_INPUT names the offending param.
 */
export function parseParams(algorithm: AlgorithmName, params: unknown, interval: Interval = 'D1'): ModelParams {
  const raw = (params ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badUserInput('"params" must be an object.', 'params');
  const own: Record<string, unknown> = {};
  const evaluation: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) ((evaluationParamNames as readonly string[]).includes(key) ? evaluation : own)[key] = value;
  const ownResult = algorithms[algorithm].params.safeParse(own);
  if (!ownResult.success) rejectIssue(algorithm, ownResult.error.issues[0] as never);
  const evaluationResult = evaluationParamsSchema(interval).safeParse(evaluation);
  if (!evaluationResult.success) rejectIssue(algorithm, evaluationResult.error.issues[0] as never);
  return { ...(ownResult.data as Params), ...evaluationResult.data };
}

/** BAD_USER_INPUT when `algorithm` cannot forecast `target` (log models and combinations forecast volatility only). */
export function assertForecasts(algorithm: AlgorithmName, target: Target): void {
  if (!algorithms[algorithm].targets.includes(target))
    throw badUserInput(`${algorithm} forecasts ${algorithms[algorithm].targets.join(' and ')} only.`, 'algorithm');
}
