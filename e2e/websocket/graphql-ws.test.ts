// graphql-ws on the gateway: credential in connection_init (valid, forged → 4403, none → anonymous), operation limits
// on the socket, and subscriptions on a schema without Subscription.
import type { Client } from 'graphql-ws';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphqlWsClient, graphqlWsUrl, handshake, noAnswer, runOverSocket, type WsOutcome } from '@cryptograph/testing';
import { signUp, type Account } from '../support/accounts.js';
import { startPlainStack, stopStackAfterAll, type TestStack } from '../support/stack.js';
import { forgeAccessToken, wrongKey } from '../support/tokens.js';

let stack: TestStack;
let viewer: Account;
let url: string;
const clients: Client[] = [];

beforeAll(async () => {
  stack = await startPlainStack({ GRAPHQL_MAX_DEPTH: '4' });
  viewer = await signUp(stack, 'socket');
  url = graphqlWsUrl(stack.gatewayUrl);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});

stopStackAfterAll(() => stack);

function client(connectionParams?: Record<string, unknown>): Client {
  const created = graphqlWsClient(url, { connectionParams });
  clients.push(created);
  return created;
}

function resultOf(outcome: WsOutcome): any {
  if (!('result' in outcome)) throw new Error(`expected a result, got ${JSON.stringify(outcome.error)}`);
  return outcome.result;
}

/** The GraphQL errors of an outcome, whether the server sent them as `error` or in a `next` result. */
function errorsOf(outcome: WsOutcome): { message: string; extensions?: Record<string, unknown> }[] {
  if ('result' in outcome) return (outcome.result.errors ?? []) as never;
  if (Array.isArray(outcome.error)) return outcome.error;
  const failure = outcome.error === noAnswer ? noAnswer : `close code ${String((outcome.error as { code?: number }).code)}`;
  throw new Error(`expected GraphQL errors, got: ${failure}`);
}

describe('connection_init', () => {
  it('a valid bearer token is acknowledged and `me` returns the user', async () => {
    expect(await handshake(url, { authorization: `Bearer ${viewer.accessToken}` })).toEqual({ acknowledged: true });
    const outcome = await runOverSocket(client({ authorization: `Bearer ${viewer.accessToken}` }), { query: '{ me { id username } }' });
    expect(resultOf(outcome)).toEqual({ data: { me: { id: viewer.id, username: viewer.username } } });
  });

  it('`Authorization` with a capital A works too', async () => {
    const outcome = await runOverSocket(client({ Authorization: `Bearer ${viewer.accessToken}` }), { query: '{ me { username } }' });
    expect(resultOf(outcome)).toEqual({ data: { me: { username: viewer.username } } });
  });

  const refused: Record<string, () => Promise<string>> = {
    'a token signed with a wrong key': async () => `Bearer ${await forgeAccessToken({ key: wrongKey, userId: viewer.id })}`,
    'an expired token': async () =>
      `Bearer ${await forgeAccessToken({ key: stack.env.AUTH_PRIVATE_KEY!, userId: viewer.id, exp: Math.floor(Date.now() / 1000) - 60 })}`,
    'a refresh token': async () => `Bearer ${viewer.refreshToken}`,
    garbage: async () => 'Bearer garbage',
    'the Basic scheme': async () => 'Basic dXNlcjpwYXNz',
  };
  for (const [label, authorization] of Object.entries(refused)) {
    it(`${label} closes the socket with 4403`, async () => {
      const outcome = await handshake(url, { authorization: await authorization() });
      expect(outcome).toMatchObject({ acknowledged: false, code: 4403 });
    });
  }

  it('a forged token never runs operations (the client sees the 4403 close)', async () => {
    const token = await forgeAccessToken({ key: wrongKey, userId: viewer.id });
    const outcome = await runOverSocket(client({ authorization: `Bearer ${token}` }), { query: '{ me { id } }' });
    expect('error' in outcome).toBe(true);
    expect((outcome as { error: { code?: number } }).error.code).toBe(4403);
  });

  it('no credential is anonymous: public operations work and `me` is null', async () => {
    expect(await handshake(url, undefined)).toEqual({ acknowledged: true });
    const outcome = await runOverSocket(client(), { query: '{ me { id } }' });
    expect(resultOf(outcome)).toEqual({ data: { me: null } });
    const protectedField = await runOverSocket(client(), { query: '{ asset(symbol: "BTC") { name } }' });
    expect(errorsOf(protectedField)[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('operations over the socket', () => {
  it('a query within the limits runs with joined data', async () => {
    const outcome = await runOverSocket(client({ authorization: `Bearer ${viewer.accessToken}` }), {
      query: '{ asset(symbol: "BTC") { name models { name } } }',
    });
    expect(resultOf(outcome)).toEqual({ data: { asset: { name: 'Bitcoin', models: [] } } });
  });

  it('an over-deep query gets a BAD_USER_INPUT error naming the depth limit, and the socket keeps working', async () => {
    const socket = client({ authorization: `Bearer ${viewer.accessToken}` });
    const outcome = await runOverSocket(socket, { query: '{ models(first: 1) { edges { node { owner { id } } } } }' });
    const errors = errorsOf(outcome);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors[0]!.message).toMatch(/depth limit of 4/i);
    const after = await runOverSocket(socket, { query: '{ me { username } }' });
    expect(resultOf(after)).toEqual({ data: { me: { username: viewer.username } } });
    expect((await fetch(`${stack.gatewayUrl}/health`)).status).toBe(200);
  });

  it('an unparsable query gets a BAD_USER_INPUT error', async () => {
    const errors = errorsOf(await runOverSocket(client(), { query: '{ me { id }' }));
    expect(errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors[0]!.message).toMatch(/Syntax Error/);
  });

  it('a subscription to a field the schema does not have gets a clear validation error, and the socket keeps working', async () => {
    const socket = client({ authorization: `Bearer ${viewer.accessToken}` });
    const errors = errorsOf(await runOverSocket(socket, { query: 'subscription { noSuchEvent { id } }' }));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors[0]!.message).toMatch(/subscription|noSuchEvent/i);
    const after = await runOverSocket(socket, { query: '{ me { id } }' });
    expect(resultOf(after)).toEqual({ data: { me: { id: viewer.id } } });
    expect((await fetch(`${stack.gatewayUrl}/health`)).status).toBe(200);
  });

  it('a mutation runs over the socket', async () => {
    const outcome = await runOverSocket(client(), { query: 'mutation { logout(refreshToken: "unknown") }' });
    expect(resultOf(outcome)).toEqual({ data: { logout: false } });
  });
});
