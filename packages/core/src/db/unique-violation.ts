/** Name of the unique constraint a Postgres error violated, or null when it is another error. */
export function uniqueViolation(error: unknown): string | null {
  const pgError = error as { code?: string; constraint?: string } | null;
  return pgError?.code === '23505' ? (pgError.constraint ?? 'unique') : null;
}
