// E2E support: table-driven security scenarios: each row (who, what, what must happen) runs over HTTP, graphql-ws and graphql-sse.
import { describe, expect, it } from 'vitest';
import { codesOf, runOver, transports, type Caller, type OperationInput, type RunOptions, type TransportOutcome } from './transports.js';

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
    }
  | { readonly kind: 'answered'; readonly check: (outcome: TransportOutcome) => void };

/** One scenario: who runs what, and what must happen, over every transport. */
export interface AttackRow<C> {
  readonly name: string;
  readonly caller: (context: C) => Caller | Promise<Caller>;
  readonly operation: OperationInput | ((context: C) => OperationInput | Promise<OperationInput>);
  readonly expect: Expectation;
  readonly options?: RunOptions;
}

/** A row in one line: `attack('a forged token', (c) => ({ token: c.forged }), meQuery, refused('UNAUTHENTICATED'))`. */
export function attack<C>(name: string, caller: AttackRow<C>['caller'], operation: AttackRow<C>['operation'], expectation: Expectation, options?: RunOptions): AttackRow<C> {
  return { name, caller, operation, expect: expectation, ...(options ? { options } : {}) };
}

/** The operation must be refused with `code` (and nothing of it run). */
export function refused(code: string, details: Omit<Extract<Expectation, { kind: 'refused' }>, 'kind' | 'code'> = {}): Expectation {
  return { kind: 'refused', code, ...details };
}

/** The operation must be answered; `check` looks at what came back. */
export function answered(check: (outcome: TransportOutcome) => void): Expectation {
  return { kind: 'answered', check };
}

/**
 * Close codes of connections refused before any operation runs, by the code the other transports
 * answer with: a bad credential closes with 4403, too many connections with 1013.
 */
const closeCodeOf: Readonly<Record<string, number>> = { UNAUTHENTICATED: 4403, FORBIDDEN: 4403, RATE_LIMITED: 1013 };

/** Asserts `outcome` meets `expectation`. */
export function expectOutcome(outcome: TransportOutcome, expectation: Expectation, label: string): void {
  if (expectation.kind === 'answered') return expectation.check(outcome);
  expect(outcome.ended, `${label}: the operation ended (refused) in time`).toBe(true);
  expect(outcome.results.some((result) => result.data !== undefined && result.data !== null), `${label}: no data`).toBe(false);
  if (outcome.closeCode !== undefined && outcome.errors.length === 0) {
    expect(outcome.closeCode, `${label}: close code`).toBe(closeCodeOf[expectation.code]);
    return;
  }
  expect(codesOf(outcome), `${label}: error codes`).toContain(expectation.code);
  const refusal = outcome.errors.find((error) => error.extensions?.code === expectation.code)!;
  if (expectation.message) expect(refusal.message, `${label}: message`).toMatch(expectation.message);
  if (expectation.extensions) expect(refusal.extensions, `${label}: extensions`).toMatchObject(expectation.extensions);
  if (expectation.messageNot) for (const error of outcome.errors) expect(error.message, `${label}: message`).not.toMatch(expectation.messageNot);
}

/** Registers one test per row and transport; `context()` is read when the tests run (after `beforeAll`). */
export function runAttackTable<C>(title: string, context: () => C, gatewayUrl: (context: C) => string, rows: readonly AttackRow<C>[]): void {
  describe(title, () => {
    for (const row of rows) {
      describe(row.name, () => {
        for (const transport of transports) {
          it(`over ${transport}`, async () => {
            const current = context();
            const operation = typeof row.operation === 'function' ? await row.operation(current) : row.operation;
            const outcome = await runOver(transport, gatewayUrl(current), await row.caller(current), operation, row.options);
            expectOutcome(outcome, row.expect, `${row.name} over ${transport}`);
          });
        }
      });
    }
  });
}
