import type { PredictionCreatedMessage } from '@cryptograph/core';
import type { PredictionRow } from './prediction.table.js';

/** Encodes a prediction for the bus (`predictionCreatedChannel`). */
export function toPredictionCreatedMessage(row: PredictionRow): PredictionCreatedMessage {
  return {
    ...row,
    id: String(row.id),
    ts: row.ts.toISOString(),
    target_ts: row.target_ts.toISOString(),
    outcome_at: row.outcome_at.toISOString(),
    created_at: row.created_at.toISOString(),
  };
}

/** Decodes a bus message into a prediction row; null for anything else. */
export function fromPredictionCreatedMessage(message: unknown): PredictionRow | null {
  const event = message as Partial<PredictionCreatedMessage> | null;
  if (typeof event?.id !== 'string' || typeof event.model_id !== 'string' || typeof event.ts !== 'string') return null;
  return {
    ...(event as PredictionCreatedMessage),
    id: Number(event.id),
    ts: new Date(event.ts),
    target_ts: new Date(event.target_ts!),
    outcome_at: new Date(event.outcome_at!),
    created_at: new Date(event.created_at!),
  };
}
