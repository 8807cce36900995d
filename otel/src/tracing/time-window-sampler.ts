import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace-base';

/**
 * Samples the new traces that start inside a window covering `ratio` of each period (one second by
 * default), at a random place in each period: every trace is equally likely to be sampled, with
 * probability `ratio`, however its start lines up with the clock. Sampled work is thereby grouped
 * in time, so the context propagation it needs (see SampledWorkContextManager) runs only about
 * `ratio` of the time instead of whenever any of many concurrent sampled operations is in flight.
 */
export class TimeWindowSampler implements Sampler {
  private period = Number.NaN;
  private windowStart = 0;
  private readonly windowMs: number;

  constructor(
    private readonly ratio: number,
    private readonly periodMs = 1000,
    private readonly now: () => number = () => performance.timeOrigin + performance.now(),
    private readonly random: () => number = Math.random,
  ) {
    this.windowMs = ratio * periodMs;
  }

  shouldSample(): SamplingResult {
    const now = this.now();
    const period = Math.floor(now / this.periodMs);
    if (period !== this.period) {
      this.period = period;
      this.windowStart = period * this.periodMs + this.random() * (this.periodMs - this.windowMs);
    }
    const inWindow = now >= this.windowStart && now < this.windowStart + this.windowMs;
    return { decision: inWindow ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD };
  }

  toString(): string {
    return `TimeWindowSampler{${this.ratio} of each ${this.periodMs} ms}`;
  }
}
