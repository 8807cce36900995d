// Security table, the users service unreachable (a gateway whose users subgraph answers HTTP 500 to everything): a credential the gateway has not
// checked before is neither let in nor called invalid but refused with DOWNSTREAM_SERVICE_ERROR (HTTP 503, WebSocket close 4500), over HTTP,
// graphql-ws and graphql-sse (both modes) alike; anonymous callers are still served.
import { afterAll, beforeAll } from 'vitest';
import { createApiKey } from '../api/api-operations.js';
import { signUp, type Account } from '../support/accounts.js';
import { answeredWith, attack, refused, runAttackTable, type AttackRow } from '../support/attack-table.js';
import { startCustomGateway, type CustomGateway } from '../support/custom-gateway.js';
import { startFakeSubgraph, type FakeSubgraph } from '../support/fake-subgraph.js';
import { meQuery } from '../support/operations.js';
import { startPlainStack, type TestStack } from '../support/stack.js';

interface Context {
  readonly stack: TestStack;
  readonly gateway: CustomGateway;
  readonly fake: FakeSubgraph;
  readonly unseen: Account;
  readonly unseenKey: string;
}

let context: Context;

beforeAll(async () => {
  const stack = await startPlainStack();
  const fake = await startFakeSubgraph('status-500');
  const gateway = await startCustomGateway(stack, { users: fake.url }, { SUBGRAPH_TIMEOUT_MS: '1000' });
  const unseen = await signUp(stack, 'unseen');
  context = { stack, gateway, fake, unseen, unseenKey: (await createApiKey(stack, unseen.accessToken, ['read:market'])).key };
});

afterAll(async () => {
  await context?.gateway.stop();
  await context?.fake.close();
  await context?.stack.stop();
});

const cannotCheck = refused('DOWNSTREAM_SERVICE_ERROR', { status: 503, extensions: { serviceName: 'users' } });
const assetQuery = { query: '{ asset(symbol: "BTC") { name } }' };

const rows: AttackRow<Context>[] = [
  attack('control: an anonymous caller is served', () => ({}), { query: '{ __typename }' }, answeredWith({ __typename: 'Query' })),
  attack('a genuine access token the gateway has not checked yet', (c) => ({ token: c.unseen.accessToken }), { query: meQuery }, cannotCheck),
  attack('a genuine API key the gateway has not checked yet', (c) => ({ apiKey: c.unseenKey }), assetQuery, cannotCheck),
];

runAttackTable(
  'the users service unreachable, over every transport',
  () => context,
  (c) => c.gateway.url,
  rows,
);
