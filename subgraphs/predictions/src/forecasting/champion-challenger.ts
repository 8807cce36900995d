import type { Artifact, ForecastSpec } from './algorithm.js';
import type { AlgorithmName, ModelParams } from './algorithms.js';
import { errorStats, skillOf } from './metrics.js';
import { frozenForecasts } from './score-window.js';
import type { TrainedVersion } from './train-version.js';

/** A challenger replaces the champion only when its validation skill is at least this much higher. */
export const promotionMargin = 0.01;

/** … and only on at least this many forecasts of the validation window. */
export const minPromotionForecasts = 20;

/** The evidence of a champion/challenger comparison. */
export interface ChallengeResult {
  readonly promote: boolean;
  readonly reason: string;
  readonly championSkill: number | null;
  readonly challengerSkill: number | null;
  /** Forecasts both were scored on. */
  readonly samples: number;
  readonly evalFrom: number;
  readonly evalTo: number;
}

const format = (value: number | null) => (value === null ? 'n/a' : value.toFixed(4));

/**
 * Compares a freshly trained challenger with the PRODUCTION champion on the challenger's validation
 * window, which starts no earlier than the champion's training end: both forecasts are out of sample
 * there (the challenger's from its walk-forward, the champion's from its stored fit). Both skills are
 * against the same baseline on the same bars. The challenger wins when it has at least
 * `minPromotionForecasts` forecasts and its skill beats the champion's by `promotionMargin`.
 */
export function challengeChampion(
  challenger: TrainedVersion,
  algorithm: AlgorithmName,
  champion: { spec: ForecastSpec<ModelParams>; artifact: Artifact; version: number },
): ChallengeResult {
  const { validation } = challenger;
  const { grid, forecasts } = frozenForecasts(challenger.grid, algorithm, champion.spec, champion.artifact);
  const indexOf = new Map(grid.map((bar, i) => [bar.ts, i]));
  const keep: number[] = [];
  const championForecasts: number[] = [];
  validation.times.forEach((ts, k) => {
    const value = forecasts[indexOf.get(ts) ?? -1];
    if (value !== undefined && Number.isFinite(value)) {
      keep.push(k);
      championForecasts.push(value);
    }
  });
  const pick = (values: number[]) => keep.map((k) => values[k]!);
  const actuals = pick(validation.actuals);
  const base = keep.length > 0 ? errorStats(pick(validation.baseline), actuals).mse : 0;
  const championSkill = keep.length > 0 ? skillOf(errorStats(championForecasts, actuals).mse, base) : null;
  const challengerSkill = keep.length > 0 ? skillOf(errorStats(pick(validation.forecasts), actuals).mse, base) : null;
  const window = `[${new Date(validation.from).toISOString()}, ${new Date(validation.to).toISOString()})`;
  const common = { championSkill, challengerSkill, samples: keep.length, evalFrom: validation.from, evalTo: validation.to };
  if (validation.from >= validation.to) {
    return {
      ...common,
      promote: false,
      reason: `Not enough evidence: the validation window ends at ${new Date(validation.to).toISOString()}, before version ${champion.version}'s training ended (${new Date(validation.from).toISOString()}); ${minPromotionForecasts} validation forecasts after it are needed to challenge it.`,
    };
  }
  if (keep.length < minPromotionForecasts || championSkill === null || challengerSkill === null) {
    return {
      ...common,
      promote: false,
      reason: `Not enough evidence: ${keep.length} validation forecasts since version ${champion.version} was trained, in ${window}; ${minPromotionForecasts} are needed to challenge it.`,
    };
  }
  const promote = challengerSkill >= championSkill + promotionMargin;
  const verdict = promote ? 'beats' : 'does not beat';
  return {
    ...common,
    promote,
    reason: `Validation skill ${format(challengerSkill)} ${verdict} champion version ${champion.version}'s ${format(championSkill)} by the margin of ${promotionMargin} on ${keep.length} forecasts in ${window}.`,
  };
}
