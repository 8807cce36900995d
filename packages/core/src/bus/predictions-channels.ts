/**
 * The predictions subgraph's event-bus contract: channel names and payloads (JSON) that its own
 * replicas (resumable subscriptions) and tests consume. Publishers and consumers import these; no
 * service restates them.
 */

/** A prediction was stored: `PredictionCreatedMessage`. Its id orders the `predictionCreated` stream (resumable with `after`). */
export const predictionCreatedChannel = 'predictions.prediction-created';

/** Payload of one message on `predictionCreatedChannel`: the stored prediction, times as ISO-8601 UTC strings. */
export interface PredictionCreatedMessage {
  /** The prediction's bigint id, as a decimal string. */
  readonly id: string;
  readonly model_id: string;
  readonly version_id: string;
  readonly symbol: string;
  readonly target: 'VOLATILITY' | 'RETURN';
  readonly value: number;
  /** Start of the bar at whose close the forecast was made. */
  readonly ts: string;
  /** Start of the last bar covered. */
  readonly target_ts: string;
  /** When the outcome is complete. */
  readonly outcome_at: string;
  readonly created_at: string;
  readonly realized: number | null;
  readonly error: number | null;
  readonly status: 'PENDING' | 'REALIZED' | 'STALE';
  /** True when bars the forecast was made from were replaced after it was made. */
  readonly restated: boolean;
}

/** A job changed state or reported progress: `JobUpdatedMessage`, one per event, in event id order. */
export const jobUpdatedChannel = 'predictions.job-updated';

/** Payload of one message on `jobUpdatedChannel`: the job as that event shows it (also stored in `job_events`). */
export interface JobUpdatedMessage {
  /** The event's bigint id, as a decimal string: orders the `jobUpdated` stream. */
  readonly eventId: string;
  readonly id: string;
  readonly kind: 'TRAIN' | 'SCORE' | 'PREDICT';
  readonly status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  readonly progress: number;
  readonly message: string | null;
  readonly error: string | null;
  readonly attempts: number;
  readonly modelId: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly result: Record<string, unknown> | null;
}
