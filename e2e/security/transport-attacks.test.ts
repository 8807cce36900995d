// Security table: every attack and limit row runs over HTTP, graphql-ws and graphql-sse alike (operation limits, cost, masked suggestions, forged and expired tokens, bad and revoked API keys, two credentials at once, the safelist), plus HTTP's CSRF check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKeyMutation } from '../api/api-operations.js';
import { logInAdmin, signUp, type Account } from '../support/accounts.js';
import { answered, attack, refused, runAttackTable, type AttackRow } from '../support/attack-table.js';
import { aliasedMe, documentWithTokens, meWithDirectives } from '../support/documents.js';
import { meQuery } from '../support/operations.js';
import { postRaw, startE2eStack, type TestStack } from '../support/stack.js';
import { accessTokenClaims, forgeAccessToken, unsignedToken, wrongKey } from '../support/tokens.js';

interface Context {
  readonly stack: TestStack;
  readonly viewer: Account;
  /** A `read:market` key of the admin. */
  readonly apiKey: string;
  readonly revokedKey: string;
  readonly forged: { readonly wrongKey: string; readonly expired: string; readonly algNone: string };
}

let context: Context;

beforeAll(async () => {
  const stack = await startE2eStack({ GRAPHQL_MAX_DEPTH: '4', GRAPHQL_MAX_ALIASES: '3', GRAPHQL_MAX_TOKENS: '200', GRAPHQL_MAX_DIRECTIVES: '2', GRAPHQL_MAX_OPERATION_COST: '100' });
  const viewer = await signUp(stack, 'table');
  const admin = await logInAdmin(stack);
  const { key: apiKey } = await createApiKey(stack, admin.accessToken, ['read:market']);
  const revoked = await createApiKey(stack, admin.accessToken, ['read:market']);
  await stack.graphql(revokeApiKeyMutation, { id: revoked.id }, { token: admin.accessToken });
  const key = stack.env.AUTH_PRIVATE_KEY!;
  const past = Math.floor(Date.now() / 1000) - 120;
  context = {
    stack,
    viewer,
    apiKey,
    revokedKey: revoked.key,
    forged: {
      wrongKey: await forgeAccessToken({ key: wrongKey, userId: viewer.id, role: 'ADMIN' }),
      expired: await forgeAccessToken({ key, userId: viewer.id, role: 'VIEWER', exp: past }),
      algNone: unsignedToken({ sub: viewer.id, role: 'ADMIN', iss: accessTokenClaims.issuer, aud: accessTokenClaims.audience }),
    },
  };
});

afterAll(async () => {
  await context?.stack.stop();
});

const viewer = (c: Context) => ({ token: c.viewer.accessToken });
const anonymous = () => ({});
const deepQuery = { query: '{ models(first: 1) { edges { node { owner { id } } } } }' };
const costlySubscription = { query: 'subscription { priceUpdated(symbols: ["BTC"]) { asset { candles(interval: D1, maxPoints: 500) { close } } } }' };

const rows: AttackRow<Context>[] = [
  attack('control: a signed-in viewer reads `me`', viewer, { query: meQuery }, answered((outcome) => expect(outcome.results.at(-1)?.data).toMatchObject({ me: { id: context.viewer.id } }))),
  attack('control: an anonymous caller gets `me: null`', anonymous, { query: meQuery }, answered((outcome) => expect(outcome.results.at(-1)?.data).toEqual({ me: null }))),
  attack('control: an API key acts as its owner', (c) => ({ apiKey: c.apiKey }), { query: '{ assets(first: 1) { edges { node { symbol } } } }' }, answered((outcome) => expect(outcome.errors).toEqual([]))),
  attack('a query deeper than GRAPHQL_MAX_DEPTH', viewer, deepQuery, refused('BAD_USER_INPUT', { message: /depth limit of 4/i })),
  attack('a query deeper than the limit through a fragment', viewer, { query: '{ models(first: 1) { ...M } } fragment M on ModelConnection { edges { node { owner { id } } } }' }, refused('BAD_USER_INPUT', { message: /depth limit of 4/i })),
  attack('more aliases than GRAPHQL_MAX_ALIASES', viewer, { query: aliasedMe(4) }, refused('BAD_USER_INPUT', { message: /aliases limit of 3/i })),
  attack('more tokens than GRAPHQL_MAX_TOKENS', viewer, { query: documentWithTokens(201), operationName: 'Q0' }, refused('BAD_USER_INPUT', { message: /200 tokens/i })),
  attack('more directives than GRAPHQL_MAX_DIRECTIVES', viewer, { query: meWithDirectives(3) }, refused('BAD_USER_INPUT', { message: /directives limit of 2/i })),
  attack('a query over the largest cost', viewer, { query: '{ models(first: 100) { edges { node { id } } } }' }, refused('BAD_USER_INPUT', { extensions: { cost: 201, limit: 100 } })),
  attack('a subscription over the largest cost (plain HTTP refuses every subscription)', viewer, costlySubscription, refused('BAD_USER_INPUT')),
  attack('an unknown field: no suggestion of the real one', viewer, { query: '{ mee }' }, refused('BAD_USER_INPUT', { message: /Cannot query field "mee"/, messageNot: /did you mean|"me"/i })),
  attack('an unknown nested field: no suggestion', viewer, { query: '{ me { usrname } }' }, refused('BAD_USER_INPUT', { messageNot: /did you mean|username/i })),
  attack('a misspelled subscription field: no suggestion', viewer, { query: 'subscription { priceUpdatd(symbols: ["BTC"]) { price } }' }, refused('BAD_USER_INPUT', { messageNot: /did you mean|priceUpdated/i })),
  attack('a misspelled enum value in a variable: no suggestion', viewer, { query: 'query Users($role: Role) { users(role: $role) { totalCount } }', variables: { role: 'ADMN' } }, refused('BAD_USER_INPUT', { messageNot: /did you mean|ADMIN/ })),
  attack('a token signed with a wrong key', (c) => ({ token: c.forged.wrongKey }), { query: meQuery }, refused('UNAUTHENTICATED')),
  attack('an unsigned token (alg none) claiming ADMIN', (c) => ({ token: c.forged.algNone }), { query: meQuery }, refused('UNAUTHENTICATED')),
  attack('an expired token', (c) => ({ token: c.forged.expired }), { query: meQuery }, refused('UNAUTHENTICATED')),
  attack('a refresh token used as an access token', (c) => ({ token: c.viewer.refreshToken }), { query: meQuery }, refused('UNAUTHENTICATED')),
  attack('garbage in Authorization', () => ({ authorization: 'Bearer garbage' }), { query: meQuery }, refused('UNAUTHENTICATED')),
  attack('the Basic scheme', (c) => ({ authorization: `Basic ${Buffer.from(`${c.viewer.username}:${c.viewer.password}`).toString('base64')}` }), { query: meQuery }, refused('UNAUTHENTICATED')),
  attack('an unknown API key', () => ({ apiKey: `cgk_AAAAAAAA_${'A'.repeat(43)}` }), { query: meQuery }, refused('UNAUTHENTICATED')),
  attack('a malformed API key', () => ({ apiKey: 'not-a-key' }), { query: meQuery }, refused('UNAUTHENTICATED')),
  attack('a revoked API key', (c) => ({ apiKey: c.revokedKey }), { query: meQuery }, refused('UNAUTHENTICATED')),
  attack('a Bearer token and an API key at once', (c) => ({ token: c.viewer.accessToken, apiKey: c.apiKey }), { query: meQuery }, refused('UNAUTHENTICATED')),
];

runAttackTable('attacks over every transport', () => context, (c) => c.stack.gatewayUrl, rows);

describe('CSRF prevention (HTTP GET only: WebSocket and SSE carry no ambient credentials)', () => {
  it('refuses a GET without a preflight header or content type, without running it', async () => {
    const url = `${context.stack.gatewayUrl}/graphql?query=${encodeURIComponent('{ me { id } }')}`;
    const simple = await fetch(url, { headers: { authorization: `Bearer ${context.viewer.accessToken}` } });
    const text = await simple.text();
    expect(simple.status).toBe(400);
    expect(text).toMatch(/CSRF/);
    expect(text).not.toContain(context.viewer.id);
    const preflighted = await fetch(url, { headers: { authorization: `Bearer ${context.viewer.accessToken}`, 'apollo-require-preflight': 'true' } });
    expect(((await preflighted.json()) as { data: { me: { id: string } } }).data.me.id).toBe(context.viewer.id);
  });

  it('refuses a mutation over GET with 405', async () => {
    const url = `${context.stack.gatewayUrl}/graphql?query=${encodeURIComponent('mutation { logout(refreshToken: "x") }')}`;
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('refuses a text/plain POST (a "simple" cross-site request) without running it', async () => {
    const result = await postRaw(`${context.stack.gatewayUrl}/graphql`, JSON.stringify({ query: '{ me { id } }' }), { 'content-type': 'text/plain', authorization: `Bearer ${context.viewer.accessToken}` });
    expect(result.status).toBe(415);
    expect(result.text).not.toContain(context.viewer.id);
  });
});
