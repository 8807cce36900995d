// E2E support: table-driven security scenarios: each row (who, what, what must happen) runs over HTTP, graphql-ws and graphql-sse (both of its modes).
import { describe, expect, it } from 'vitest';
import { codesOf, runOver, type Caller, type OperationInput, type RunOptions, type Transport, type TransportOutcome } from './transports.js';

/** What must happen to a row's operation, on every transport. */
export type Expectation =
  | {
      readonly kind: 'refused';
      /** The `extensions.code` the client gets (or, for a refused WebSocket connection, the matching close code). */
      readonly code: string;
      /** The refusal's message must match. */
      readonly message?: RegExp;
      /** No error message may match (e.g. schema suggestions). */
      readonly messageNot?: RegExp;
      /** Extensions the refusal must carry (besides `code`). */
      readonly extensions?: Readonly<Record<string, unknown>>;
      /** The HTTP status, where the transport answered the refusal as an HTTP response (HTTP, a refused SSE request). */
      readonly status?: number;
    }
  | {
      readonly kind: 'field-refused';
      /** The `extensions.code` of the error on the field. */
      readonly code: string;
      /** The field (the last element of the error's path) that must be refused and come back null. */
      readonly field: string;
    }
  | { readonly kind: 'answered'; readonly check: (outcome: TransportOutcome) => void }
  | { readonly kind: 'burst'; readonly check: (outcomes: readonly TransportOutcome[], variant: TransportVariant) => void | Promise<void> };

/** One way the table runs a row: a transport, and for SSE its mode. */
export interface TransportVariant {
  readonly transport: Transport;
  readonly label: string;
  readonly options: RunOptions;
}

/** Every variant a row runs over: HTTP, graphql-ws, and graphql-sse in distinct and in single connection mode. */
export const variants: readonly TransportVariant[] = [
  { transport: 'http', label: 'http', options: {} },
  { transport: 'ws', label: 'ws', options: {} },
  { transport: 'sse', label: 'sse', options: { sseMode: 'distinct' } },
  { transport: 'sse', label: 'sse single connection', options: { sseMode: 'single' } },
];

/** What a row builds its caller and operation from: the table's context and the variant it runs over. */
export type RowInput<C, T> = T | ((context: C, variant: TransportVariant) => T | Promise<T>);

/** One scenario: who runs what, and what must happen, over every transport. */
export interface AttackRow<C> {
  readonly name: string;
  readonly caller: RowInput<C, Caller>;
  readonly operation: RowInput<C, OperationInput>;
  readonly expect: Expectation;
  /** Another expectation on some transports (plain HTTP carries no subscriptions). */
  readonly over?: Partial<Record<Transport, Expectation>>;
  readonly options?: RunOptions;
  /** Runs the operation this many times at once (a burst row); the expectation sees every outcome. */
  readonly parallel?: number;
}

/** Row settings besides who, what and the expectation. */
export interface RowOptions extends RunOptions {
  readonly over?: Partial<Record<Transport, Expectation>>;
}

/** A row in one line: `attack('a forged token', (c) => ({ token: c.forged }), meQuery, refused('UNAUTHENTICATED'))`. */
export function attack<C>(
  name: string,
  caller: AttackRow<C>['caller'],
  operation: AttackRow<C>['operation'],
  expectation: Expectation,
  options: RowOptions = {},
): AttackRow<C> {
  const { over, ...run } = options;
  return { name, caller, operation, expect: expectation, ...(over ? { over } : {}), ...(Object.keys(run).length > 0 ? { options: run } : {}) };
}

/** A burst row: `count` copies of the operation at once (e.g. racing a limit); `check` sees every outcome. */
export function burst<C>(
  name: string,
  caller: AttackRow<C>['caller'],
  operation: AttackRow<C>['operation'],
  count: number,
  check: Extract<Expectation, { kind: 'burst' }>['check'],
): AttackRow<C> {
  return { name, caller, operation, expect: { kind: 'burst', check }, parallel: count };
}

/** The operation must be refused with `code` (and nothing of it run). */
export function refused(code: string, details: Omit<Extract<Expectation, { kind: 'refused' }>, 'kind' | 'code'> = {}): Expectation {
  return { kind: 'refused', code, ...details };
}

/** The operation runs, but `field` is refused with `code` (FORBIDDEN by default) and comes back null. */
export function fieldRefused(field: string, code = 'FORBIDDEN'): Expectation {
  return { kind: 'field-refused', code, field };
}

/** The operation must be answered; `check` looks at what came back. */
export function answered(check: (outcome: TransportOutcome) => void): Expectation {
  return { kind: 'answered', check };
}

/** The operation must be answered without any error, with data matching `data` (a partial match). */
export function answeredWith(data: Record<string, unknown>): Expectation {
  return answered((outcome) => {
    expect(outcome.errors, `errors over ${outcome.transport}`).toEqual([]);
    expect(outcome.results.at(-1)?.data).toMatchObject(data);
  });
}

/**
 * Close codes of connections refused before any operation runs, by the code the other transports
 * answer with: a bad credential closes with 4403, too many connections with 1013, a credential
 * that cannot be checked (the users service does not answer) with 4500.
 */
const closeCodeOf: Readonly<Record<string, number>> = { UNAUTHENTICATED: 4403, FORBIDDEN: 4403, RATE_LIMITED: 1013, DOWNSTREAM_SERVICE_ERROR: 4500 };

/** The value at `path` in `data` (undefined when a parent is missing). */
function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || value === undefined) return value;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** Asserts `outcome` meets `expectation` (not a burst). */
export function expectOutcome(outcome: TransportOutcome, expectation: Expectation, label: string): void {
  if (expectation.kind === 'answered') return expectation.check(outcome);
  if (expectation.kind === 'burst') throw new Error(`${label}: a burst expectation needs a burst row`);
  if (expectation.kind === 'field-refused') {
    const refusal = outcome.errors.find((error) => error.path?.at(-1) === expectation.field);
    expect(refusal?.extensions?.code, `${label}: ${JSON.stringify(outcome.errors)}`).toBe(expectation.code);
    const data = outcome.results.at(-1)?.data ?? null;
    expect(valueAt(data, refusal!.path!) ?? null, `${label}: the refused field's value`).toBeNull();
    return;
  }
  expect(outcome.ended, `${label}: the operation ended in time`).toBe(true);
  expect(
    outcome.results.some((result) => result.data !== undefined && result.data !== null),
    `${label}: no data`,
  ).toBe(false);
  if (outcome.closeCode !== undefined && outcome.errors.length === 0) {
    expect(outcome.closeCode, `${label}: close code`).toBe(closeCodeOf[expectation.code]);
    return;
  }
  expect(codesOf(outcome), `${label}: error codes`).toContain(expectation.code);
  if (expectation.status !== undefined && outcome.status !== undefined) expect(outcome.status, `${label}: HTTP status`).toBe(expectation.status);
  const refusal = outcome.errors.find((error) => error.extensions?.code === expectation.code)!;
  if (expectation.message) expect(refusal.message, `${label}: message`).toMatch(expectation.message);
  if (expectation.extensions) expect(refusal.extensions, `${label}: extensions`).toMatchObject(expectation.extensions);
  if (expectation.messageNot) for (const error of outcome.errors) expect(error.message, `${label}: message`).not.toMatch(expectation.messageNot);
}

/** A value made once per transport variant (e.g. one client address per variant for all copies of a burst). */
export function perVariant<T>(make: () => T): (variant: TransportVariant) => T {
  const made = new Map<string, T>();
  return (variant) => {
    if (!made.has(variant.label)) made.set(variant.label, make());
    return made.get(variant.label)!;
  };
}

/** How many outcomes were answered with data and no error, and how many were refused with each code. */
export function tally(outcomes: readonly TransportOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const code = outcome.errors[0]?.extensions?.code;
    const key = code === undefined ? (outcome.results.some((result) => result.data) ? 'answered' : `closed ${outcome.closeCode ?? '?'}`) : String(code);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Reads a row's caller or operation for one run. */
async function inputOf<C, T extends object>(input: RowInput<C, T>, context: C, variant: TransportVariant): Promise<T> {
  return typeof input === 'function' ? (input as (context: C, variant: TransportVariant) => T | Promise<T>)(context, variant) : input;
}

/** Runs one row over one variant and checks what happened. */
export async function runRow<C>(row: AttackRow<C>, context: C, gatewayUrl: string, variant: TransportVariant): Promise<void> {
  const label = `${row.name} over ${variant.label}`;
  const options: RunOptions = { ...variant.options, ...row.options };
  const once = async () =>
    runOver(variant.transport, gatewayUrl, await inputOf(row.caller, context, variant), await inputOf(row.operation, context, variant), options);
  const expectation = row.over?.[variant.transport] ?? row.expect;
  if (row.parallel === undefined) return expectOutcome(await once(), expectation, label);
  if (expectation.kind !== 'burst') throw new Error(`${label}: a burst row needs a burst expectation`);
  await expectation.check(await Promise.all(Array.from({ length: row.parallel }, once)), variant);
}

/** Registers one test per row and transport variant; `context()` is read when the tests run (after `beforeAll`). */
export function runAttackTable<C>(title: string, context: () => C, gatewayUrl: (context: C) => string, rows: readonly AttackRow<C>[]): void {
  describe(title, () => {
    for (const row of rows) {
      describe(row.name, () => {
        for (const variant of variants) {
          it(`over ${variant.label}`, async () => {
            const current = context();
            await runRow(row, current, gatewayUrl(current), variant);
          });
        }
      });
    }
  });
}
