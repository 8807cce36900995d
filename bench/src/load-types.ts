/** One prepared HTTP request of a workload. */
export interface PreparedRequest {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What the load process is asked to do. */
export interface LoadJob {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** Sent in turn, cycling; one entry means identical requests. */
  readonly requests: readonly PreparedRequest[];
  /** A substring every correct response body contains (bodies with `"errors"` are wrong too). */
  readonly expect: string;
  /** When set, a correct body has exactly this length instead (large answers checked before the load: cheaper than scanning them). */
  readonly expectLength?: number;
}

/** What one load run measured. */
export interface LoadSummary {
  /** Completed responses / duration. */
  readonly requestsPerSecond: number;
  readonly total: number;
  /** Latency percentiles in ms. */
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  /** 2xx or not, responses whose body was not the expected data or carried GraphQL errors. */
  readonly badBodies: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  readonly timeouts: number;
}
