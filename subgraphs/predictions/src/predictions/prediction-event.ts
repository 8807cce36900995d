import type { PredictionRow } from './prediction.table.js';

/** A prediction as JSON on the bus (dates as ISO strings). */
export type PredictionEvent = Omit<PredictionRow, 'ts' | 'target_ts' | 'outcome_at' | 'created_at' | 'id'> & { id: string; ts: string; target_ts: string; outcome_at: string; created_at: string };

/** Encodes a prediction for the bus. */
export function toPredictionEvent(row: PredictionRow): PredictionEvent {
  return { ...row, id: String(row.id), ts: row.ts.toISOString(), target_ts: row.target_ts.toISOString(), outcome_at: row.outcome_at.toISOString(), created_at: row.created_at.toISOString() };
}

/** Decodes a bus message into a prediction row; null for anything else. */
export function fromPredictionEvent(message: unknown): PredictionRow | null {
  const event = message as Partial<PredictionEvent> | null;
  if (typeof event?.id !== 'string' || typeof event.model_id !== 'string' || typeof event.ts !== 'string') return null;
  return { ...(event as PredictionEvent), id: Number(event.id), ts: new Date(event.ts), target_ts: new Date(event.target_ts!), outcome_at: new Date(event.outcome_at!), created_at: new Date(event.created_at!) };
}
