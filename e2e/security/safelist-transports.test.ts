// Security table, safelist mode: only persisted documents run, over HTTP, graphql-ws and graphql-sse alike (an unlisted
// subscription never opens an upstream stream).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { signUp, type Account } from '../support/accounts.js';
import { answered, attack, refused, runAttackTable, type AttackRow } from '../support/attack-table.js';
import { signupMutation } from '../support/operations.js';
import { startPlainStack, type TestStack } from '../support/stack.js';

const listed = 'query Me { me { id } }';
const listedHash = createHash('sha256').update(listed).digest('hex');
const unlistedSubscription = 'subscription { priceUpdated(symbols: ["BTC"]) { price } }';

interface Context {
  readonly stack: TestStack;
  readonly viewer: Account;
}

let context: Context;
const dir = mkdtempSync(join(tmpdir(), 'cryptograph-safelist-table-'));

beforeAll(async () => {
  const manifest = join(dir, 'persisted-documents.json');
  // Sign-up is listed too, so the scenario can create its account.
  writeFileSync(manifest, JSON.stringify({ [listedHash]: listed, [createHash('sha256').update(signupMutation).digest('hex')]: signupMutation }));
  const stack = await startPlainStack({ GRAPHQL_SAFELIST: 'true', GRAPHQL_PERSISTED_DOCUMENTS: manifest });
  context = { stack, viewer: await signUp(stack, 'safelist') };
});

afterAll(async () => {
  await context?.stack.stop();
  rmSync(dir, { recursive: true, force: true });
});

const viewer = (c: Context) => ({ token: c.viewer.accessToken });

const rows: AttackRow<Context>[] = [
  attack(
    'control: a listed document by its text',
    viewer,
    { query: listed },
    answered((outcome) => expect(outcome.results.at(-1)?.data).toEqual({ me: { id: context.viewer.id } })),
  ),
  attack(
    'control: a listed document by its hash alone',
    viewer,
    { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: listedHash } } },
    answered((outcome) => expect(outcome.results.at(-1)?.data).toEqual({ me: { id: context.viewer.id } })),
  ),
  attack('an unlisted query', viewer, { query: '{ __typename }' }, refused('FORBIDDEN', { message: /safelist/ })),
  attack('an unlisted subscription', viewer, { query: unlistedSubscription }, refused('FORBIDDEN', { message: /safelist/ })),
  attack(
    'an unlisted document sent to be registered as a persisted query',
    viewer,
    { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('{ __typename }').digest('hex') } } },
    refused('FORBIDDEN'),
  ),
];

runAttackTable(
  'safelist mode over every transport',
  () => context,
  (c) => c.stack.gatewayUrl,
  rows,
);

afterAll(() => {
  // An unlisted subscription must not have opened an upstream stream on any transport.
  expect(context.stack.subscriptionStats().upstreamOpened).toBe(0);
});
