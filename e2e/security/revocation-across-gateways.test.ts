// Scenario: revocation takes effect at once on every gateway. Two gateways share Postgres and Redis; after a logout, password change, role change,
// deactivation, deletion or refresh-token reuse on the first, the user's open WebSocket (closed 4403) and SSE streams (both modes) on the second end
// within 1 s (measured and printed), and the old access token is refused there on every transport although that gateway had it cached; the same for a
// revoked API key, a deactivated owner's keys and a demoted admin's admin:users key. A shared upstream stream goes on for the subscribers still entitled.
import { testEnvironment } from '@cryptograph/testing';
import { sameInstallation, startTestStack } from '@cryptograph/app/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKeyMutation } from '../api/api-operations.js';
import { logIn, logInAdmin, signUp, type Account } from '../support/accounts.js';
import { expectOutcome, refused, variants } from '../support/attack-table.js';
import { describeEnds, openEveryKind, openSocket, type OpenConnection } from '../support/open-connections.js';
import {
  deactivateUserMutation,
  deleteUserMutation,
  logoutMutation,
  meQuery,
  refreshMutation,
  setUserRoleMutation,
  updateMeMutation,
} from '../support/operations.js';
import { startLoneGateway } from '../support/custom-gateway.js';
import { startE2eStack, type TestStack } from '../support/stack.js';
import { runOver, type Caller } from '../support/transports.js';
import { waitFor } from '@cryptograph/testing';
import { publishTick } from '../subscriptions/stack-with-admin.js';

/** Long caches: an end within 1 s can only come from the announcement on the bus, not from a cache expiring. */
const longCaches = { SESSION_CACHE_SECONDS: '600', API_KEY_CACHE_SECONDS: '600' };
const withinMs = 1_000;

const expectNoErrors = (body: { errors?: unknown }) => expect(body.errors).toBeUndefined();

/** One revocation: what happens on the first gateway, and whether the victim's refresh token still works afterwards. */
interface RevocationRow {
  readonly event: string;
  /** Does it, as the victim or the admin, through the first gateway. */
  readonly act: (first: TestStack, victim: Account, admin: Account) => Promise<void>;
  /** Role changes keep sessions: the refreshed token carries the new role. */
  readonly refreshStillWorks: boolean;
}

const rows: RevocationRow[] = [
  {
    event: 'logout',
    act: async (first, victim) => expectNoErrors((await first.graphql(logoutMutation, { token: victim.refreshToken })).body),
    refreshStillWorks: false,
  },
  {
    event: 'password change',
    act: async (first, victim) =>
      expectNoErrors(
        (
          await first.graphql(
            updateMeMutation,
            { input: { currentPassword: victim.password, newPassword: 'A fresh passphrase for this account' } },
            { token: victim.accessToken },
          )
        ).body,
      ),
    refreshStillWorks: false,
  },
  {
    event: 'role change',
    act: async (first, victim, admin) =>
      expectNoErrors((await first.graphql(setUserRoleMutation, { id: victim.id, role: 'ANALYST' }, { token: admin.accessToken })).body),
    refreshStillWorks: true,
  },
  {
    event: 'deactivation',
    act: async (first, victim, admin) => expectNoErrors((await first.graphql(deactivateUserMutation, { id: victim.id }, { token: admin.accessToken })).body),
    refreshStillWorks: false,
  },
  {
    event: 'deletion',
    act: async (first, victim, admin) => expectNoErrors((await first.graphql(deleteUserMutation, { id: victim.id }, { token: admin.accessToken })).body),
    refreshStillWorks: false,
  },
  {
    event: 'refresh token reuse',
    act: async (first, victim) => {
      expectNoErrors((await first.graphql(refreshMutation, { token: victim.refreshToken })).body);
      expect((await first.graphql(refreshMutation, { token: victim.refreshToken })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    },
    refreshStillWorks: false,
  },
];

/**
 * Expects every connection to have ended within `withinMs` of `since` (the answer to the revoking
 * mutation: the change is committed by then), the WebSocket with 4403, each subscription with
 * UNAUTHENTICATED; prints the times, and how long the mutation itself took when `requested` is given.
 */
function expectEndedInTime(connections: readonly OpenConnection[], since: number, label: string, requested = since): void {
  const took = requested === since ? '' : ` (the mutation took ${since - requested} ms)`;
  console.info(`[revocation] ${label}${took}, ended after its answer: ${describeEnds(connections, since)}`);
  for (const connection of connections) {
    const ended = connection.ended()!;
    expect(ended.at - since, `${label}: ${connection.kind}`).toBeLessThan(withinMs);
    if (connection.kind === 'WebSocket') expect(ended.code, label).toBe(4403);
    expect(
      connection.errors().map((error) => error.extensions?.code),
      `${label}: ${connection.kind}`,
    ).toEqual(['UNAUTHENTICATED']);
  }
}

/** Polls `{ me }` over HTTP as `caller` until it is refused (401), failing after `withinMs`; returns how long it took. */
async function refusedWithin(gatewayUrl: string, caller: Caller): Promise<number> {
  const startedAt = performance.now();
  while (performance.now() - startedAt < withinMs) {
    if ((await runOver('http', gatewayUrl, caller, { query: meQuery })).status === 401) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`still accepted after ${withinMs} ms`);
}

/** Expects `caller` to be refused `{ me }` on `gatewayUrl` over every transport. */
async function expectRefusedEverywhere(gatewayUrl: string, caller: Caller, label: string): Promise<void> {
  for (const variant of variants) {
    expectOutcome(
      await runOver(variant.transport, gatewayUrl, caller, { query: meQuery }, variant.options),
      refused('UNAUTHENTICATED', { status: 401 }),
      `${label} over ${variant.label}`,
    );
  }
}

describe.runIf(testEnvironment().redisUrl && testEnvironment().databaseUrl)('revocation across two gateways sharing Postgres and Redis', () => {
  let first: TestStack;
  let second: TestStack;
  let admin: Account;

  beforeAll(async () => {
    first = await startE2eStack(longCaches);
    second = await startTestStack({ ...longCaches, ...sameInstallation(first) });
    admin = await logInAdmin(first);
  });

  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  const subscribers = () => second.subscriptionStats().subscribers;

  for (const row of rows) {
    it(`${row.event}: the user's WebSocket (4403) and SSE streams on the other gateway end within 1 s, and the old token is refused there on every transport`, async () => {
      const victim = await signUp(first, row.event.replace(/\W/g, '').slice(0, 10));
      const caller = { token: victim.accessToken };
      expect((await second.graphql(meQuery, {}, caller)).body.data.me.id).toBe(victim.id);
      const connections = await openEveryKind(second.gatewayUrl, caller, subscribers);

      const requested = Date.now();
      await row.act(first, victim, admin);
      const since = Date.now();
      await waitFor(() => connections.every((connection) => connection.ended() !== undefined), 'every connection to end', 5_000);
      expectEndedInTime(connections, since, row.event, requested);
      await waitFor(() => subscribers() === 0, 'the subscriptions to stop');
      await expectRefusedEverywhere(second.gatewayUrl, caller, row.event);
      expect((await first.graphql(meQuery, {}, caller)).status).toBe(401);

      const refreshed = await second.graphql(refreshMutation, { token: victim.refreshToken });
      if (!row.refreshStillWorks) {
        expect(refreshed.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        return;
      }
      expectNoErrors(refreshed.body);
      const me = await second.graphql(meQuery, {}, { token: refreshed.body.data.refreshToken.accessToken });
      expect(me.body.data.me).toMatchObject({ id: victim.id, role: 'ANALYST' });
    });
  }

  it("a demoted user's token that was still valid never acts with its old role: it is refused, and the refreshed one has the new role", async () => {
    const user = await signUp(first, 'demotee');
    expectNoErrors((await first.graphql(setUserRoleMutation, { id: user.id, role: 'ADMIN' }, { token: admin.accessToken })).body);
    const asAdmin = await logIn(first, user.username, user.password);
    expect((await second.graphql('{ users { totalCount } }', {}, { token: asAdmin.accessToken })).body.errors).toBeUndefined();
    expectNoErrors((await first.graphql(setUserRoleMutation, { id: user.id, role: 'VIEWER' }, { token: admin.accessToken })).body);
    await refusedWithin(second.gatewayUrl, { token: asAdmin.accessToken });
    await expectRefusedEverywhere(second.gatewayUrl, { token: asAdmin.accessToken }, 'demoted');
    const refreshed = (await second.graphql(refreshMutation, { token: asAdmin.refreshToken })).body.data.refreshToken.accessToken as string;
    const listing = await second.graphql('{ users { totalCount } }', {}, { token: refreshed });
    expect(listing.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('logout of one session makes the other sessions refresh, and they keep working after', async () => {
    const user = await signUp(first, 'twodevices');
    const laptop = await logIn(first, user.username, user.password);
    expectNoErrors((await first.graphql(logoutMutation, { token: user.refreshToken })).body);
    await refusedWithin(second.gatewayUrl, { token: laptop.accessToken });
    await expectRefusedEverywhere(second.gatewayUrl, { token: laptop.accessToken }, 'the other session');
    const refreshed = await second.graphql(refreshMutation, { token: laptop.refreshToken });
    expectNoErrors(refreshed.body);
    expect((await second.graphql(meQuery, {}, { token: refreshed.body.data.refreshToken.accessToken })).body.data.me.id).toBe(user.id);
  });

  it('revoking an API key ends its WebSocket (4403) and SSE streams on the other gateway within 1 s; an operation sent right after never runs', async () => {
    const { key, id } = await createApiKey(first, admin.accessToken, ['read:market']);
    const caller = { apiKey: key };
    const connections = await openEveryKind(second.gatewayUrl, caller, subscribers);
    const socket = connections[0] as Awaited<ReturnType<typeof openSocket>>;

    expectNoErrors((await first.graphql(revokeApiKeyMutation, { id }, { token: admin.accessToken })).body);
    const since = Date.now();
    socket.send({ id: 'after', type: 'subscribe', payload: { query: '{ assets(first: 1) { edges { node { symbol } } } }' } });
    await waitFor(() => connections.every((connection) => connection.ended() !== undefined), 'every connection to end', 5_000);
    expectEndedInTime(connections, since, 'API key revoked');
    expect(socket.messages.filter((message) => message.id === 'after' && message.type === 'next')).toEqual([]);
    await waitFor(() => subscribers() === 0, 'the subscriptions to stop');
    await expectRefusedEverywhere(second.gatewayUrl, caller, 'revoked key');
  });

  it('leaves connections of other keys of the same owner open', async () => {
    const kept = await createApiKey(first, admin.accessToken, ['read:market']);
    const dropped = await createApiKey(first, admin.accessToken, ['read:market']);
    const keptSocket = await openSocket(second.gatewayUrl, { apiKey: kept.key });
    const droppedSocket = await openSocket(second.gatewayUrl, { apiKey: dropped.key });
    await first.graphql(revokeApiKeyMutation, { id: dropped.id }, { token: admin.accessToken });
    await waitFor(() => droppedSocket.ended() !== undefined, "the revoked key's socket to close");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(keptSocket.ended()).toBeUndefined();
    keptSocket.close();
  });

  it("a deactivated owner's API key: its connections on the other gateway end within 1 s and it is refused on every transport", async () => {
    const owner = await signUp(first, 'keyowner');
    const { key } = await createApiKey(first, owner.accessToken, ['read:market']);
    const connections = await openEveryKind(second.gatewayUrl, { apiKey: key }, subscribers);
    expectNoErrors((await first.graphql(deactivateUserMutation, { id: owner.id }, { token: admin.accessToken })).body);
    const since = Date.now();
    await waitFor(() => connections.every((connection) => connection.ended() !== undefined), 'every connection to end', 5_000);
    expectEndedInTime(connections, since, "deactivated owner's key");
    await expectRefusedEverywhere(second.gatewayUrl, { apiKey: key }, "deactivated owner's key");
  });

  it("a demoted admin's admin:users key: its connections on the other gateway end within 1 s and it is refused on every transport", async () => {
    const user = await signUp(first, 'keyadmin');
    expectNoErrors((await first.graphql(setUserRoleMutation, { id: user.id, role: 'ADMIN' }, { token: admin.accessToken })).body);
    const asAdmin = await logIn(first, user.username, user.password);
    const { key } = await createApiKey(first, asAdmin.accessToken, ['admin:users', 'read:market']);
    expect((await second.graphql('{ users(first: 1) { totalCount } }', {}, { headers: { authorization: `ApiKey ${key}` } })).body.errors).toBeUndefined();
    const connections = await openEveryKind(second.gatewayUrl, { apiKey: key }, subscribers);
    expectNoErrors((await first.graphql(setUserRoleMutation, { id: user.id, role: 'VIEWER' }, { token: admin.accessToken })).body);
    const since = Date.now();
    await waitFor(() => connections.every((connection) => connection.ended() !== undefined), 'every connection to end', 5_000);
    expectEndedInTime(connections, since, "demoted admin's key");
    await expectRefusedEverywhere(second.gatewayUrl, { apiKey: key }, "demoted admin's key");
  });

  it('a shared upstream stream: the revoked subscriber gets nothing more, the one still entitled keeps getting every tick', async () => {
    const [opener, other] = [await signUp(first, 'opener'), await signUp(first, 'sharer')];
    const openerSocket = await openSocket(second.gatewayUrl, { token: opener.accessToken });
    await waitFor(() => subscribers() === 1, "the opener's subscription");
    const otherSocket = await openSocket(second.gatewayUrl, { token: other.accessToken });
    await waitFor(() => subscribers() === 2 && second.subscriptionStats().streams === 1, 'both on one shared stream');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await publishTick(second, 'BTC', 61_000);
    await waitFor(() => openerSocket.results.length === 1 && otherSocket.results.length === 1, 'the first tick on both');

    expectNoErrors((await first.graphql(deactivateUserMutation, { id: opener.id }, { token: admin.accessToken })).body);
    await waitFor(() => openerSocket.ended() !== undefined, "the opener's socket to close");
    expect(openerSocket.ended()!.code).toBe(4403);
    for (const price of [61_001, 61_002]) await publishTick(second, 'BTC', price);
    await waitFor(() => otherSocket.results.length === 3, 'the later ticks on the other socket');
    expect(otherSocket.results.map((result) => (result.data as { priceUpdated: { price: number } }).priceUpdated.price)).toEqual([61_000, 61_001, 61_002]);
    expect(openerSocket.results).toHaveLength(1);
    otherSocket.close();
  });

  it('a gateway that hears no announcement (its bus dropped, or none) still ends revoked connections once its caches expire', async () => {
    const cacheSeconds = 1;
    const lone = await startLoneGateway(first, { SESSION_CACHE_SECONDS: String(cacheSeconds), API_KEY_CACHE_SECONDS: String(cacheSeconds) });
    try {
      const victim = await signUp(first, 'lonely');
      const { key, id } = await createApiKey(first, victim.accessToken, ['read:market']);
      const loneSubscribers = () => lone.server.subscriptionStats().subscribers;
      const byToken = await openEveryKind(lone.url, { token: victim.accessToken }, loneSubscribers);
      const byKey = await openEveryKind(lone.url, { apiKey: key }, loneSubscribers);
      const requested = Date.now();
      expectNoErrors((await first.graphql(revokeApiKeyMutation, { id }, { token: victim.accessToken })).body);
      expectNoErrors((await first.graphql(logoutMutation, { token: victim.refreshToken })).body);
      const since = Date.now();
      const connections = [...byToken, ...byKey];
      const limitMs = 2 * cacheSeconds * 1_000 + withinMs;
      await waitFor(() => connections.every((connection) => connection.ended() !== undefined), 'every connection to end', limitMs + 2_000);
      console.info(
        `[revocation] without the bus, caches of ${cacheSeconds} s: token connections ended ${describeEnds(byToken, since)}; key connections ended ${describeEnds(byKey, since)} (the revocations took ${since - requested} ms)`,
      );
      for (const connection of connections) {
        expect(connection.ended()!.at - since, connection.kind).toBeLessThan(limitMs);
        if (connection.kind === 'WebSocket') expect(connection.ended()!.code).toBe(4403);
      }
      await expectRefusedEverywhere(lone.url, { token: victim.accessToken }, 'token, without the bus');
      await expectRefusedEverywhere(lone.url, { apiKey: key }, 'key, without the bus');
    } finally {
      await lone.stop();
    }
  });
});
