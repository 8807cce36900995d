import { z } from 'zod';

/** Replay speed: data seconds per wall-clock second, `max` for as fast as possible, 0 for off. */
export type ReplaySpeed = number | 'max';

/** Zod schema of `REPLAY_SPEED` / `--speed`: `max`, or a number from 0 (off) to 100000. */
export const replaySpeedSchema = z.union([z.literal('max'), z.coerce.number().min(0).max(100_000)]);

/** Parses a replay speed; throws a readable error when it is neither `max` nor a number in range. */
export function parseReplaySpeed(text: string): ReplaySpeed {
  const result = replaySpeedSchema.safeParse(text.trim().toLowerCase());
  if (!result.success) throw new Error(`Invalid replay speed "${text}": use a number from 0 (off) to 100000, or "max".`);
  return result.data;
}
