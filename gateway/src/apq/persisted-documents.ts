import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** SHA-256 (hex) of a document's text, as APQ clients compute it. */
export function documentHash(query: string): string {
  return createHash('sha256').update(query).digest('hex');
}

/**
 * Reads a persisted documents manifest: either `{ "<sha256>": "<document>" }` or Apollo's
 * `{ format: "apollo-persisted-query-manifest", operations: [{ id, body }] }`. Every hash is checked
 * against its document, so a wrong manifest fails at start, not at request time.
 */
export function loadPersistedDocuments(path: string): ReadonlyMap<string, string> {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const entries: [string, string][] = Array.isArray(parsed.operations)
    ? (parsed.operations as { id: string; body: string }[]).map((operation) => [operation.id, operation.body])
    : Object.entries(parsed).map(([hash, body]) => [hash, String(body)]);
  for (const [hash, body] of entries) {
    if (documentHash(body) !== hash) throw new Error(`Persisted document ${hash} in ${path} does not match its SHA-256.`);
  }
  return new Map(entries);
}
