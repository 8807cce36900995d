import { describe, expect, it } from 'vitest';
import { shippedBars } from '../test-support/shipped-bars.js';
import { algorithms, parseParams, type ModelParams } from './algorithms.js';
import type { ForecastSpec } from './algorithm.js';
import { regularBars } from './bar-grid.js';
import { challengeChampion, minPromotionForecasts, promotionMargin } from './champion-challenger.js';
import { evaluateWindow } from './evaluate-window.js';
import type { LinearArtifact } from './linear-forecast.js';
import { errorStats } from './metrics.js';
import { realizedTargets } from './series.js';
import { minTrainingBars, trainVersion } from './train-version.js';

const btc = shippedBars('BTC', '1d');
const day = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const harSpec = (params: Record<string, unknown> = {}): ForecastSpec<ModelParams> => ({
  target: 'VOLATILITY',
  horizon: 1,
  interval: 'D1',
  params: parseParams('HAR', { quarter: 66, calendar: true, ...params }),
});

describe('training a version: walk-forward with validation and test windows', () => {
  const trainFrom = at('2015-01-01T00:00:00Z');
  const trainTo = at('2024-01-01T00:00:00Z');
  const spec = harSpec();
  const trained = trainVersion(btc, 'HAR', spec, trainFrom, trainTo);
  const { metrics } = trained;

  it('tests on the last testBars bars whose outcome is known by trainTo, validates on the validationBars before them', () => {
    expect(metrics.testSamples).toBe(60);
    expect(metrics.evalFrom).toBe(new Date(trainTo - 61 * day).toISOString());
    expect(metrics.evalTo).toBe(new Date(trainTo).toISOString());
    expect(metrics.validationSamples).toBe(90);
    expect(metrics.validationTo).toBe(new Date(trainTo - 61 * day).toISOString());
    expect(metrics.validationFrom).toBe(new Date(trainTo - 151 * day).toISOString());
    expect(metrics.refits).toBe(150);
    expect(metrics.skill).toBeCloseTo(1 - metrics.mseTest / metrics.baselineMseTest, 12);
    expect(metrics.skillValidation).toBeCloseTo(1 - metrics.mseValidation! / metrics.baselineMseValidation!, 12);
    expect(metrics.skill!).toBeGreaterThan(0);
  });

  it('its validation and test figures are exactly the walk-forward over those windows (every forecast from earlier data only)', () => {
    const window = btc.filter((bar) => bar.ts >= trainFrom);
    const validation = evaluateWindow(window, 'HAR', spec, Date.parse(metrics.validationFrom!), Date.parse(metrics.validationTo!) + day);
    expect(validation.samples).toBe(90);
    expect(metrics.mseValidation).toBeCloseTo(validation.mse, 15);
    const test = evaluateWindow(window, 'HAR', spec, Date.parse(metrics.evalFrom), trainTo);
    expect(test.samples).toBe(60);
    expect(metrics.mseTest).toBeCloseTo(test.mse, 15);
  });

  it('data after trainTo changes nothing, and the stored fit uses every sample of the window', () => {
    const later = btc.map((bar) => (bar.ts >= trainTo ? { ...bar, high: bar.high * 2, close: bar.close * 3 } : bar));
    const again = trainVersion(later, 'HAR', spec, trainFrom, trainTo);
    expect(again.metrics).toEqual(metrics);
    expect(again.artifact).toEqual(trained.artifact);
    const grid = regularBars(
      btc.filter((bar) => bar.ts >= trainFrom && bar.ts < trainTo),
      day,
    );
    expect(metrics.trainSamples).toBe(grid.length - 66 + 1 - 1);
  });

  it("a validation floor (the champion's training end) clips the validation window", () => {
    const floor = trainTo - 100 * day;
    const clipped = trainVersion(btc, 'HAR', spec, trainFrom, trainTo, { validationFloor: floor });
    expect(clipped.metrics.validationFrom).toBe(new Date(floor).toISOString());
    expect(clipped.metrics.validationSamples).toBe(39);
    expect(clipped.metrics.mseTest).toBe(metrics.mseTest);
    const empty = trainVersion(btc, 'HAR', spec, trainFrom, trainTo, { validationFloor: trainTo - 10 * day });
    expect(empty.metrics).toMatchObject({ validationSamples: 0, mseValidation: null, skillValidation: null, validationFrom: null });
  });

  it('says how much data a training window needs', () => {
    const needed = minTrainingBars('HAR', spec.params, 1);
    expect(needed).toBe(66 + 48 + 1 + 90 + 60 + 1);
    const start = at('2018-01-01T00:00:00Z');
    expect(() => trainVersion(btc, 'HAR', spec, start, start + (needed - 1) * day)).toThrow(
      new RegExp(`has ${needed - 1} bars; HAR with horizon 1 needs at least ${needed} bars`),
    );
    expect(() => trainVersion(btc, 'HAR', spec, start, start + needed * day)).not.toThrow();
  });
});

describe('champion and challenger', () => {
  const spec = harSpec();
  const championTo = at('2023-11-01T00:00:00Z');
  const challengerTo = at('2024-03-01T00:00:00Z');
  const champion = trainVersion(btc, 'HAR', spec, at('2015-01-01T00:00:00Z'), championTo);
  const challenger = trainVersion(btc, 'HAR', spec, at('2015-01-01T00:00:00Z'), challengerTo, { validationFloor: championTo });

  it("are compared on the challenger's validation window after the champion's training end, against the same baseline on the same bars", () => {
    const result = challengeChampion(challenger, 'HAR', { spec, artifact: champion.artifact, version: 1 });
    const { validation } = challenger;
    expect(validation.from).toBe(championTo);
    expect(result.samples).toBe(validation.times.length);
    expect(result.samples).toBeGreaterThanOrEqual(minPromotionForecasts);
    const prepared = algorithms.HAR.prepare(challenger.grid, spec);
    const championForecasts = validation.times.map((ts) =>
      prepared.forecast(
        champion.artifact,
        challenger.grid.findIndex((bar) => bar.ts === ts),
      ),
    );
    const base = errorStats(validation.baseline, validation.actuals).mse;
    expect(result.championSkill).toBeCloseTo(1 - errorStats(championForecasts, validation.actuals).mse / base, 12);
    expect(result.challengerSkill).toBeCloseTo(challenger.metrics.skillValidation!, 12);
    expect(result.promote).toBe(result.challengerSkill! >= result.championSkill! + promotionMargin);
    expect(result.reason).toMatch(/^Validation skill \d\.\d{4} (beats|does not beat) champion version 1's/);
  });

  it('a challenger beats a champion that has gone wrong by the margin and is promoted', () => {
    const biased = {
      ...champion.artifact,
      model: { ...(champion.artifact as LinearArtifact).model, intercept: (champion.artifact as LinearArtifact).model.intercept + 0.01 },
    };
    const result = challengeChampion(challenger, 'HAR', { spec, artifact: biased, version: 1 });
    expect(result.promote).toBe(true);
    expect(result.challengerSkill! - result.championSkill!).toBeGreaterThan(promotionMargin);
  });

  it('a challenger that is worse than the champion stays out', () => {
    // A champion fitted on the validation window itself (in hindsight) beats any honest forecast there.
    const grid = challenger.grid;
    const targets = realizedTargets(grid, 'VOLATILITY', 1);
    const fit = algorithms.HAR.prepare(grid, spec).expandingFit(targets);
    grid.forEach((bar, i) => bar.ts >= challenger.validation.from && bar.ts < challenger.validation.to && fit.add(i));
    const result = challengeChampion(challenger, 'HAR', { spec, artifact: fit.artifact(), version: 1 });
    expect(result.promote).toBe(false);
    expect(result.championSkill!).toBeGreaterThan(result.challengerSkill!);
    expect(result.reason).toMatch(/does not beat/);
  });

  it('too few forecasts since the champion was trained is not enough evidence', () => {
    const soon = trainVersion(btc, 'HAR', spec, at('2015-01-01T00:00:00Z'), championTo + 70 * day, { validationFloor: championTo });
    expect(soon.validation.from).toBe(championTo);
    const result = challengeChampion(soon, 'HAR', { spec, artifact: champion.artifact, version: 1 });
    expect(result.samples).toBe(9);
    expect(result.promote).toBe(false);
    expect(result.reason).toMatch(/^Not enough evidence: 9 validation forecasts since version 1 was trained/);
  });
});
