/** Histogram buckets (seconds) for resolvers, bus hops and event fan-out: 0.5 ms to 10 s. */
export const fastBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Histogram buckets (seconds) for whole requests and operations: 1 ms to 30 s. */
export const requestBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Histogram buckets (seconds) for jobs: 10 ms to 30 min. */
export const jobBuckets = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800];
