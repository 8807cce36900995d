// Scenario: identical subscriptions share one upstream stream and one execution per event, but never what differs per user: two analysts subscribing
// to the same document that reaches a model owner's email (visible to the owner only) each get their own answer, whoever subscribed first and
// whatever transport each uses.
import { beforeAll, describe, expect, it } from 'vitest';
import { accountWithRole, logInAdmin, type Account } from '../support/accounts.js';
import { createModelMutation } from '../support/operations.js';
import { startE2eStack, stopStackAfterAll, type TestStack } from '../support/stack.js';
import { runOver, type Transport, type TransportOutcome } from '../support/transports.js';
import { waitFor } from '@cryptograph/testing';
import { publishTick } from '../subscriptions/stack-with-admin.js';

const ownersOfModels = 'subscription { priceUpdated(symbols: ["BTC"]) { price asset { models { name owner { username email } } } } }';

let stack: TestStack;
let owner: Account;
let other: Account;

beforeAll(async () => {
  stack = await startE2eStack();
  const admin = await logInAdmin(stack);
  owner = await accountWithRole(stack, admin, 'ANALYST', 'owner');
  other = await accountWithRole(stack, admin, 'ANALYST', 'other');
  const created = await stack.graphql(
    createModelMutation,
    { input: { name: 'shared-model', symbol: 'BTC', target: 'VOLATILITY', algorithm: 'NAIVE', interval: 'D1', horizon: 1 } },
    { token: owner.accessToken },
  );
  expect(created.body.errors).toBeUndefined();
});

stopStackAfterAll(() => stack);

/** Subscribes `first` then `second` (each over its transport) and publishes one tick; returns what each received. */
async function bothSubscribe(
  first: { account: Account; transport: Transport },
  second: { account: Account; transport: Transport },
): Promise<[TransportOutcome, TransportOutcome]> {
  const subscribe = (who: { account: Account; transport: Transport }) =>
    runOver(who.transport, stack.gatewayUrl, { token: who.account.accessToken }, { query: ownersOfModels }, { results: 1, timeoutMs: 8_000 });
  await waitFor(() => stack.subscriptionStats().subscribers === 0, 'earlier subscriptions to end');
  const before = 0;
  const firstOutcome = subscribe(first);
  await waitFor(() => stack.subscriptionStats().subscribers === before + 1, 'the first subscription');
  const secondOutcome = subscribe(second);
  await waitFor(() => stack.subscriptionStats().subscribers === before + 2, 'the second subscription');
  await new Promise((resolve) => setTimeout(resolve, 300));
  await publishTick(stack, 'BTC', 70_000);
  return Promise.all([firstOutcome, secondOutcome]);
}

/** The owners an outcome received with its tick. */
const ownersIn = (outcome: TransportOutcome) =>
  (outcome.results[0]?.data as { priceUpdated: { asset: { models: { owner: unknown }[] } } } | undefined)?.priceUpdated.asset.models.map(
    (model) => model.owner,
  );

describe('a shared subscription stream and personal fields', () => {
  it("the owner subscribes first (WebSocket), another analyst second (SSE): the other never sees the owner's email", async () => {
    const [ofOwner, ofOther] = await bothSubscribe({ account: owner, transport: 'ws' }, { account: other, transport: 'sse' });
    expect(ownersIn(ofOwner)).toEqual([{ username: owner.username, email: owner.email }]);
    expect(ownersIn(ofOther)).toEqual([{ username: owner.username, email: null }]);
  });

  it('another analyst subscribes first (SSE), the owner second (WebSocket): the owner still sees its own email', async () => {
    const [ofOther, ofOwner] = await bothSubscribe({ account: other, transport: 'sse' }, { account: owner, transport: 'ws' });
    expect(ownersIn(ofOther)).toEqual([{ username: owner.username, email: null }]);
    expect(ownersIn(ofOwner)).toEqual([{ username: owner.username, email: owner.email }]);
  });

  it('control: subscriptions without personal fields still share one upstream stream', async () => {
    const plain = 'subscription { priceUpdated(symbols: ["ETH"]) { price asset { models { name owner { username } } } } }';
    const subscribe = (account: Account, transport: Transport) =>
      runOver(transport, stack.gatewayUrl, { token: account.accessToken }, { query: plain }, { results: 1, timeoutMs: 8_000 });
    await waitFor(() => stack.subscriptionStats().subscribers === 0, 'earlier subscriptions to end');
    const streams = stack.subscriptionStats().streams;
    const outcomes = [subscribe(owner, 'ws'), subscribe(other, 'sse')];
    await waitFor(() => stack.subscriptionStats().subscribers === 2, 'both subscriptions');
    expect(stack.subscriptionStats().streams).toBe(streams + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await publishTick(stack, 'ETH', 3_000);
    for (const outcome of await Promise.all(outcomes)) expect(outcome.errors).toEqual([]);
  });
});
