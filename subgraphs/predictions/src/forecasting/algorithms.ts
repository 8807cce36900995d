import { badUserInput } from '@cryptograph/core';
import type { ForecastAlgorithm } from './algorithm.js';
import { ewma } from './ewma.js';
import { har } from './har.js';
import { naive } from './naive.js';
import { ridge } from './ridge.js';

/** Names of the algorithms (GraphQL `ModelAlgorithm`). */
export type AlgorithmName = 'NAIVE' | 'EWMA' | 'RIDGE' | 'HAR';

/** Every algorithm by name. */
export const algorithms: Readonly<Record<AlgorithmName, ForecastAlgorithm<any>>> = { NAIVE: naive, EWMA: ewma, RIDGE: ridge, HAR: har };

/** Validates `params` for `algorithm` and fills defaults; BAD_USER_INPUT names the offending param. */
export function parseParams(algorithm: AlgorithmName, params: unknown): Record<string, number> {
  const result = algorithms[algorithm].params.safeParse(params ?? {});
  if (result.success) return result.data as Record<string, number>;
  const issue = result.error.issues[0]!;
  const name = issue.path.length > 0 ? `params.${issue.path.join('.')}` : 'params';
  const message = issue.code === 'unrecognized_keys' ? `has unknown keys for ${algorithm}: ${issue.keys.join(', ')}` : issue.message;
  throw badUserInput(`"${name}" ${message}.`, 'params');
}
