/** The two sets of subscribers the fan-out benchmark's client process holds. */
export type FanoutTarget = 'ours' | 'raw';

/** Id of the one subscription each gateway socket holds (the raw reference sends frames with the same id). */
export const subscriptionId = '1';

/** Requests from the benchmark to the client process (each answered once, by `seq`). */
export type FanoutCommand =
  | {
      readonly type: 'connect';
      readonly target: FanoutTarget;
      /** ws:// URL on loopback. */
      readonly url: string;
      readonly count: number;
      /** Connections being opened at the same time. */
      readonly concurrency: number;
      /** For the gateway: `connection_init` payload and the subscription to start after the ack. */
      readonly graphql?: { readonly connectionParams: Record<string, unknown>; readonly query: string };
    }
  | {
      /** Waits until every socket of `target` has received a first frame (or the timeout), then checks them all. */
      readonly type: 'check-first';
      readonly target: FanoutTarget;
      readonly expected: Record<string, unknown>;
      readonly timeoutMs: number;
    }
  | { readonly type: 'count-start'; readonly target: FanoutTarget }
  | { readonly type: 'count-stop'; readonly target: FanoutTarget }
  | { readonly type: 'latency-start'; readonly target: FanoutTarget }
  | { readonly type: 'latency-stop'; readonly target: FanoutTarget }
  | { readonly type: 'health'; readonly target: FanoutTarget }
  | { readonly type: 'close' };

/** What `connect` answers. */
export interface ConnectResult {
  readonly opened: number;
  /** Gateway sockets that got `connection_ack` (all raw sockets count as acked). */
  readonly acked: number;
  readonly subscribed: number;
  readonly failures: readonly string[];
  readonly ms: number;
}

/** What `check-first` answers. */
export interface CheckFirstResult {
  readonly sockets: number;
  readonly received: number;
  /** First frames that are a `next` of subscription `1` with exactly the expected data and no errors. */
  readonly ok: number;
  readonly badExamples: readonly string[];
  /** One correct first frame, byte for byte (the raw reference broadcasts frames of this shape). */
  readonly sample: string | null;
  readonly ms: number;
}

/** What `count-stop` answers: frames received by every socket of the target during the window. */
export interface CountResult {
  readonly frames: number;
  readonly seconds: number;
  /** Fewest and most frames one socket received in the window. */
  readonly perSocketMin: number;
  readonly perSocketMax: number;
  /** CPU time of the client process in the window, as a share of one core. */
  readonly clientCpu: number;
}

/** What `latency-stop` answers: publish → receive over every delivery of the window, in ms. */
export interface LatencyResult {
  readonly deliveries: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
  /** Fewest deliveries one socket got (every socket should get every tick at this rate). */
  readonly perSocketMin: number;
  readonly clientCpu: number;
}

/** What `health` answers: anything that went wrong on the target's sockets since they connected. */
export interface HealthResult {
  readonly open: number;
  /** Frames received by all sockets of the target since they connected. */
  readonly frames: number;
  /** Frames that were not a `next` (error, complete, anything else). */
  readonly badFrames: number;
  readonly badExamples: readonly string[];
  /** Sockets closed by the server, by close code. */
  readonly closes: Readonly<Record<string, number>>;
  readonly errors: readonly string[];
}

/** One answer of the client process. */
export type FanoutReply =
  { readonly seq: number; readonly ok: true; readonly result: unknown } | { readonly seq: number; readonly ok: false; readonly error: string };
