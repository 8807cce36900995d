import { badUserInput } from '@cryptograph/core';
import { z } from 'zod';

const paramValue = z.union([z.number().finite(), z.string().max(200), z.boolean()]);

/** Bars ahead a model may forecast: 1 to 500. */
export const horizonSchema = z.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500');

/** Validation of `CreateModelInput` beyond what the GraphQL types already check. */
export const createModelInputSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  symbol: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{1,15}$/, 'must be 1 to 15 letters or digits, e.g. BTC'),
  horizon: horizonSchema,
  params: z
    .record(z.string().max(50), paramValue)
    .refine((value) => Object.keys(value).length <= 20, 'must have at most 20 entries')
    .nullish(),
});

/** Parses a model input; the first problem becomes BAD_USER_INPUT naming the field. */
export function parseCreateModelInput(input: unknown): z.infer<typeof createModelInputSchema> {
  const result = createModelInputSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = String(issue.path[0] ?? 'input');
  throw badUserInput(`"${field}" ${issue.message}.`, field);
}

/** Checks a `horizon` argument (e.g. of `bestModel`) like a model's; BAD_USER_INPUT naming it when out of range. */
export function parseHorizon(horizon: number): number {
  const result = horizonSchema.safeParse(horizon);
  if (!result.success) throw badUserInput(`"horizon" ${result.error.issues[0]!.message}.`, 'horizon');
  return result.data;
}
