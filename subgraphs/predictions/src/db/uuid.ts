const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `id` is shaped like a UUID: anything else names no row of the predictions schema (and would make Postgres fail on a uuid column). */
export function isUuid(id: string): boolean {
  return uuidPattern.test(id);
}
