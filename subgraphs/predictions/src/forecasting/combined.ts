import type { Artifact, ForecastAlgorithm } from './algorithm.js';
import { har, harParamsSchema, logHar, type HarParams } from './har.js';

/** The combination's recommended settings: HAR with a quarterly component and calendar effects. */
export const combinedDefaults: HarParams = { short: 1, medium: 5, long: 22, quarter: 66, calendar: true };

/**
 * COMBINED: the equal-weight average of HAR and log-HAR with the same components. The two err in
 * different directions (levels chase spikes, logs damp them), and an equal-weight combination is
 * the robust choice (fitted weights rarely beat it out of sample). Volatility only.
 */
export const combined: ForecastAlgorithm<HarParams> = {
  params: harParamsSchema(combinedDefaults),
  targets: ['VOLATILITY'],
  warmup: (params) => Math.max(params.long, params.quarter),
  prepare(bars, spec) {
    const members = [har.prepare(bars, spec), logHar.prepare(bars, spec)] as const;
    return {
      ready: (index) => members.every((member) => member.ready(index)),
      expandingFit(targets) {
        const fits = members.map((member) => member.expandingFit(targets));
        return {
          add: (index) => fits.forEach((fit) => fit.add(index)),
          get count() {
            return Math.min(...fits.map((fit) => fit.count));
          },
          artifact: () => ({ har: fits[0]!.artifact(), logHar: fits[1]!.artifact() }),
        };
      },
      forecast: (artifact, index) =>
        (members[0].forecast((artifact as Record<string, Artifact>).har!, index) + members[1].forecast((artifact as Record<string, Artifact>).logHar!, index)) /
        2,
    };
  },
};
