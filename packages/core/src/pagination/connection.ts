import { badUserInput } from '../errors/app-error.js';

/** Page arguments of a Relay connection field. */
export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
}

/** A Relay connection page. */
export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount?: number;
}

/** Validated page request: how many rows to return and the decoded position to continue after. */
export interface PageRequest<K> {
  readonly limit: number;
  readonly after: K | null;
}

/** Opaque cursor from a key (base64url JSON). */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * Validates `first` (1..maxPageSize, default defaultPageSize) and decodes `after` with `parseKey`,
 * which returns null for a cursor it does not recognise. Bad values are BAD_USER_INPUT.
 */
export function pageRequest<K>(
  args: PageArgs,
  parseKey: (raw: unknown) => K | null,
  options: { defaultPageSize?: number; maxPageSize?: number } = {},
): PageRequest<K> {
  const maxPageSize = options.maxPageSize ?? 100;
  const limit = args.first ?? options.defaultPageSize ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPageSize) {
    throw badUserInput(`"first" must be between 1 and ${maxPageSize}.`, 'first');
  }
  if (args.after === null || args.after === undefined) return { limit, after: null };
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const after = raw === undefined ? null : parseKey(raw);
  if (after === null) throw badUserInput('"after" is not a valid cursor.', 'after');
  return { limit, after };
}

/** Builds a connection from up to `limit + 1` rows (the extra row only signals a next page). */
export function toConnection<T>(rows: T[], request: PageRequest<unknown>, keyOf: (row: T) => unknown): Connection<T> {
  const page = rows.slice(0, request.limit);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > request.limit,
      hasPreviousPage: request.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
