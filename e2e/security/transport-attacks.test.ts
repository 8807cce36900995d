// Security table: every attack and limit row runs over HTTP, graphql-ws and graphql-sse (both modes) alike: operation limits and cost (just under them
// passes), masked suggestions, federation's own fields, forged, expired, mis-typed and confused credentials (access, refresh, identity tokens, API keys,
// `kid`, `jwk` and `jku` tricks), a client-sent identity header; plus HTTP's CSRF check.
import { identityHeader, internalKey, signIdentity, signingKeyFromPem } from '@cryptograph/core';
import { createHash, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKeyMutation } from '../api/api-operations.js';
import { logInAdmin, newCredentials, signUp, type Account } from '../support/accounts.js';
import { answered, answeredWith, attack, expectOutcome, fieldRefused, refused, runAttackTable, variants, type AttackRow } from '../support/attack-table.js';
import { aliasedMe, documentWithTokens, meWithDirectives } from '../support/documents.js';
import { logoutMutation, meQuery, refreshMutation, signupMutation } from '../support/operations.js';
import { postRaw, startE2eStack, type TestStack } from '../support/stack.js';
import { accessTokenClaims, forgeAccessToken, forgeIdentity, publicJwkOf, unsignedToken, wrongEs256Key, wrongKey, wrongSecret } from '../support/tokens.js';
import { runOver } from '../support/transports.js';

interface Context {
  readonly stack: TestStack;
  readonly viewer: Account;
  /** The stack's AUTH_PRIVATE_KEY. */
  readonly key: string;
  /** The key id of the stack's signing key. */
  readonly kid: string;
  /** A `read:market` key of the admin. */
  readonly apiKey: string;
  readonly revokedKey: string;
}

let context: Context;

beforeAll(async () => {
  const stack = await startE2eStack({
    GRAPHQL_MAX_DEPTH: '4',
    GRAPHQL_MAX_ALIASES: '3',
    GRAPHQL_MAX_TOKENS: '200',
    GRAPHQL_MAX_DIRECTIVES: '2',
    GRAPHQL_MAX_OPERATION_COST: '100',
  });
  const viewer = await signUp(stack, 'table');
  const admin = await logInAdmin(stack);
  const { key: apiKey } = await createApiKey(stack, admin.accessToken, ['read:market']);
  const revoked = await createApiKey(stack, admin.accessToken, ['read:market']);
  await stack.graphql(revokeApiKeyMutation, { id: revoked.id }, { token: admin.accessToken });
  const key = stack.env.AUTH_PRIVATE_KEY!;
  context = { stack, viewer, key, kid: (await signingKeyFromPem(key)).kid, apiKey, revokedKey: revoked.key };
});

afterAll(async () => {
  await context?.stack.stop();
});

const past = () => Math.floor(Date.now() / 1000) - 120;
const viewer = (c: Context) => ({ token: c.viewer.accessToken });
const anonymous = () => ({});
type Forgery = Omit<Parameters<typeof forgeAccessToken>[0], 'userId'>;
/** A caller presenting an access token forged from the viewer's id and `changes`. */
const forged = (changes: Forgery | ((c: Context) => Forgery | Promise<Forgery>)) => async (c: Context) => ({
  token: await forgeAccessToken({ userId: c.viewer.id, ...(typeof changes === 'function' ? await changes(c) : changes) }),
});
const withStackKey = (changes: Omit<Forgery, 'key'> = {}) => forged((c) => ({ key: c.key, ...changes }));
const me = { query: meQuery };
const isViewer = answered((outcome) => expect(outcome.results.at(-1)?.data).toMatchObject({ me: { id: context.viewer.id, role: 'VIEWER' } }));
const deepQuery = { query: '{ models(first: 1) { edges { node { owner { id } } } } }' };
const costlySubscription = { query: 'subscription { priceUpdated(symbols: ["BTC"]) { asset { candles(interval: D1, maxPoints: 500) { close } } } }' };

const limitRows: AttackRow<Context>[] = [
  attack('control: a signed-in viewer reads `me`', viewer, me, isViewer),
  attack('control: an anonymous caller gets `me: null`', anonymous, me, answeredWith({ me: null })),
  attack(
    'control: an API key acts as its owner',
    (c) => ({ apiKey: c.apiKey }),
    { query: '{ assets(first: 1) { edges { node { symbol } } } }' },
    answered((outcome) => expect(outcome.errors).toEqual([])),
  ),
  attack(
    'control: a query exactly GRAPHQL_MAX_DEPTH deep',
    viewer,
    { query: '{ models(first: 1) { edges { node { id } } } }' },
    answered((outcome) => expect(outcome.errors).toEqual([])),
  ),
  attack(
    'control: exactly GRAPHQL_MAX_ALIASES aliases',
    viewer,
    { query: aliasedMe(3) },
    answered((outcome) => expect(outcome.errors).toEqual([])),
  ),
  attack(
    'control: exactly GRAPHQL_MAX_TOKENS tokens',
    viewer,
    { query: documentWithTokens(200), operationName: 'Q0' },
    answered((outcome) => expect(outcome.errors).toEqual([])),
  ),
  attack(
    'control: exactly GRAPHQL_MAX_DIRECTIVES directives',
    viewer,
    { query: meWithDirectives(2) },
    answered((outcome) => expect(outcome.errors).toEqual([])),
  ),
  attack(
    'control: a query just under the largest cost',
    viewer,
    { query: '{ models(first: 49) { edges { node { id } } } }' },
    answered((outcome) => expect(outcome.errors).toEqual([])),
  ),
  attack('a query deeper than GRAPHQL_MAX_DEPTH', viewer, deepQuery, refused('BAD_USER_INPUT', { message: /depth limit of 4/i })),
  attack(
    'a query deeper than the limit through a fragment',
    viewer,
    { query: '{ models(first: 1) { ...M } } fragment M on ModelConnection { edges { node { owner { id } } } }' },
    refused('BAD_USER_INPUT', { message: /depth limit of 4/i }),
  ),
  attack('more aliases than GRAPHQL_MAX_ALIASES', viewer, { query: aliasedMe(4) }, refused('BAD_USER_INPUT', { message: /aliases limit of 3/i })),
  attack(
    'more tokens than GRAPHQL_MAX_TOKENS',
    viewer,
    { query: documentWithTokens(201), operationName: 'Q0' },
    refused('BAD_USER_INPUT', { message: /200 tokens/i }),
  ),
  attack(
    'more directives than GRAPHQL_MAX_DIRECTIVES',
    viewer,
    { query: meWithDirectives(3) },
    refused('BAD_USER_INPUT', { message: /directives limit of 2/i }),
  ),
  attack(
    'a query over the largest cost',
    viewer,
    { query: '{ models(first: 100) { edges { node { id } } } }' },
    refused('BAD_USER_INPUT', { extensions: { cost: 201, limit: 100 } }),
  ),
  attack('a subscription over the largest cost', viewer, costlySubscription, refused('BAD_USER_INPUT', { extensions: { limit: 100 } }), {
    over: { http: refused('BAD_USER_INPUT', { message: /subscription/i }) },
  }),
  attack(
    'an unknown field: no suggestion of the real one',
    viewer,
    { query: '{ mee }' },
    refused('BAD_USER_INPUT', { message: /Cannot query field "mee"/, messageNot: /did you mean|"me"/i }),
  ),
  attack(
    'an unknown nested field: no suggestion',
    viewer,
    { query: '{ me { usrname } }' },
    refused('BAD_USER_INPUT', { messageNot: /did you mean|username/i }),
  ),
  attack(
    'a misspelled subscription field: no suggestion',
    viewer,
    { query: 'subscription { priceUpdatd(symbols: ["BTC"]) { price } }' },
    refused('BAD_USER_INPUT', { messageNot: /did you mean|priceUpdated/i }),
  ),
  attack(
    'a misspelled enum value in a variable: no suggestion',
    viewer,
    { query: 'query Users($role: Role) { users(role: $role) { totalCount } }', variables: { role: 'ADMN' } },
    refused('BAD_USER_INPUT', { messageNot: /did you mean|ADMIN/ }),
  ),
  attack(
    "registering a persisted query under another document's hash (APQ poisoning)",
    viewer,
    { query: meQuery, extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('{ __typename }').digest('hex') } } },
    refused('BAD_USER_INPUT', { message: /does not match/ }),
  ),
  attack(
    'control: that hash still names nothing (it was not registered)',
    viewer,
    { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('{ __typename }').digest('hex') } } },
    refused('BAD_USER_INPUT', { message: /PersistedQueryNotFound/, status: 400 }),
    { over: { http: refused('BAD_USER_INPUT', { message: /PersistedQueryNotFound/, status: 200 }) } },
  ),
  attack(
    "federation's `_entities` is not part of the API",
    viewer,
    { query: '{ _entities(representations: [{ __typename: "User", id: "x" }]) { ... on User { email } } }' },
    refused('BAD_USER_INPUT', { message: /_entities/ }),
  ),
  attack("federation's `_service` is not part of the API", viewer, { query: '{ _service { sdl } }' }, refused('BAD_USER_INPUT', { message: /_service/ })),
];

/** A refused credential: UNAUTHENTICATED, HTTP 401 where the answer is an HTTP response, 4403 on WebSocket. */
const unauthenticated = refused('UNAUTHENTICATED', { status: 401 });

const credentialRows: AttackRow<Context>[] = [
  attack('control: a token crafted exactly like the real ones with the stack key', withStackKey({ role: 'VIEWER' }), me, isViewer),
  attack(
    "control: a genuine token claiming ADMIN acts with the user's current role (VIEWER)",
    withStackKey({ role: 'ADMIN' }),
    { query: '{ users { totalCount } }' },
    fieldRefused('users'),
  ),
  attack(
    'an unsigned token (alg none) claiming ADMIN',
    (c) => ({ token: unsignedToken({ sub: c.viewer.id, role: 'ADMIN', sv: 0, iss: accessTokenClaims.issuer, aud: accessTokenClaims.audience }) }),
    me,
    unauthenticated,
  ),
  attack('a token signed with a wrong key', forged({ key: wrongKey }), me, unauthenticated),
  attack(
    'a wrong key claiming the stack key id',
    forged((c) => ({ key: wrongKey, kid: c.kid })),
    me,
    unauthenticated,
  ),
  attack(
    'a wrong key carrying its own public key in the header (jwk)',
    forged(async () => ({ key: wrongKey, header: { jwk: await publicJwkOf(wrongKey) } })),
    me,
    unauthenticated,
  ),
  attack('a wrong key pointing at a key set of its own (jku)', forged({ key: wrongKey, header: { jku: 'http://127.0.0.1:9/jwks.json' } }), me, unauthenticated),
  attack('a kid naming no key (a forced key set reload)', forged({ key: wrongKey, kid: 'no-such-key' }), me, unauthenticated),
  attack('a kid that is a path or SQL', forged({ key: wrongKey, kid: "../../../dev/null' OR '1'='1" }), me, unauthenticated),
  attack(
    'an ES256 token claiming the EdDSA key id',
    forged((c) => ({ key: wrongEs256Key, kid: c.kid })),
    me,
    unauthenticated,
  ),
  attack('HS256 with a guessed secret', forged({ hmacSecret: wrongSecret }), me, unauthenticated),
  attack(
    'HS256 with the public key as the secret (key confusion)',
    forged((c) => ({ hmacSecret: createPublicKey(c.key).export({ type: 'spki', format: 'pem' }).toString(), kid: null })),
    me,
    unauthenticated,
  ),
  attack(
    'HS256 with the internal secret (what identities are signed with)',
    forged((c) => ({ hmacSecret: c.stack.env.INTERNAL_SECRET! })),
    me,
    unauthenticated,
  ),
  attack('missing exp', withStackKey({ exp: null }), me, unauthenticated),
  attack('an expired token, told to refresh', withStackKey({ exp: past() }), me, refused('UNAUTHENTICATED', { status: 401, message: /expired/i })),
  attack('wrong iss', withStackKey({ issuer: 'someone-else' }), me, unauthenticated),
  attack('missing iss', withStackKey({ issuer: null }), me, unauthenticated),
  attack('wrong aud (an identity audience)', withStackKey({ audience: 'cryptograph-subgraph:users' }), me, unauthenticated),
  attack('typ JWT instead of at+jwt', withStackKey({ typ: 'JWT' }), me, unauthenticated),
  attack('typ identity+jwt', withStackKey({ typ: 'identity+jwt' }), me, unauthenticated),
  attack('an unknown role', withStackKey({ role: 'SUPERUSER' }), me, unauthenticated),
  attack('missing session version', withStackKey({ sessionVersion: null }), me, unauthenticated),
  attack('an older session version', withStackKey({ sessionVersion: -1 }), me, unauthenticated),
  attack('a newer session version than the user has', withStackKey({ sessionVersion: 5 }), me, unauthenticated),
  attack(
    'a user that does not exist',
    async (c) => ({ token: await forgeAccessToken({ key: c.key, userId: '00000000-0000-4000-8000-000000000000' }) }),
    me,
    unauthenticated,
  ),
  attack(
    'the system user (which cannot sign in)',
    async (c) => ({ token: await forgeAccessToken({ key: c.key, userId: '00000000-0000-4000-a000-000000000001', role: 'VIEWER' }) }),
    me,
    unauthenticated,
  ),
  attack(
    'a gateway identity token used as an access token',
    async (c) => ({
      token: await signIdentity(
        { userId: c.viewer.id, role: 'ADMIN', scopes: null, clientAddress: '127.0.0.1' },
        internalKey(c.stack.env.INTERNAL_SECRET!),
        'users',
      ),
    }),
    me,
    unauthenticated,
  ),
  attack('a refresh token used as an access token', (c) => ({ token: c.viewer.refreshToken }), me, unauthenticated),
  attack('an access token used as an API key', (c) => ({ apiKey: c.viewer.accessToken }), me, unauthenticated),
  attack('an API key used as a Bearer token', (c) => ({ token: c.apiKey }), me, unauthenticated),
  attack(
    'an access token used as a refresh token',
    anonymous,
    (c) => ({ query: refreshMutation, variables: { token: c.viewer.accessToken } }),
    refused('UNAUTHENTICATED'),
  ),
  attack(
    'an access token used to log out: nothing is revoked',
    anonymous,
    (c) => ({ query: logoutMutation, variables: { token: c.viewer.accessToken } }),
    answeredWith({ logout: false }),
  ),
  attack("control: the viewer's token still works after the confused logouts", viewer, me, isViewer),
  attack('garbage in Authorization', () => ({ authorization: 'Bearer garbage' }), me, unauthenticated),
  attack('three garbage segments', () => ({ authorization: 'Bearer aaaa.bbbb.cccc' }), me, unauthenticated),
  attack(
    'the Basic scheme',
    (c) => ({ authorization: `Basic ${Buffer.from(`${c.viewer.username}:${c.viewer.password}`).toString('base64')}` }),
    me,
    unauthenticated,
  ),
  attack('Bearer without a token', () => ({ authorization: 'Bearer ' }), me, unauthenticated),
  attack('a token without a scheme', (c) => ({ authorization: c.viewer.accessToken }), me, unauthenticated),
  attack('an unknown API key', () => ({ apiKey: `cgk_AAAAAAAA_${'A'.repeat(43)}` }), me, unauthenticated),
  attack('a malformed API key', () => ({ apiKey: 'not-a-key' }), me, unauthenticated),
  attack('a revoked API key', (c) => ({ apiKey: c.revokedKey }), me, unauthenticated),
  attack('a Bearer token and an API key at once', (c) => ({ token: c.viewer.accessToken, apiKey: c.apiKey }), me, unauthenticated),
  attack(
    'a client-sent identity header claiming ADMIN is ignored',
    async (c) => ({
      headers: { [identityHeader]: await forgeIdentity({ secret: c.stack.env.INTERNAL_SECRET!, subgraph: 'users', userId: c.viewer.id, role: 'ADMIN' }) },
    }),
    { query: '{ me { id } users { totalCount } }' },
    fieldRefused('users', 'UNAUTHENTICATED'),
  ),
];

runAttackTable(
  'operation limits over every transport',
  () => context,
  (c) => c.stack.gatewayUrl,
  limitRows,
);
runAttackTable(
  'forged and confused credentials over every transport',
  () => context,
  (c) => c.stack.gatewayUrl,
  credentialRows,
);

describe('a forged credential on a public mutation', () => {
  for (const variant of variants) {
    it(`over ${variant.label}: is refused and the mutation does not run`, async () => {
      const input = newCredentials('forgedsignup');
      const forgedToken = await forgeAccessToken({ key: wrongKey, userId: context.viewer.id });
      const outcome = await runOver(
        variant.transport,
        context.stack.gatewayUrl,
        { token: forgedToken },
        { query: signupMutation, variables: { input } },
        variant.options,
      );
      expectOutcome(outcome, unauthenticated, variant.label);
      const retry = await context.stack.graphql(signupMutation, { input });
      expect(retry.body.errors).toBeUndefined();
      expect(retry.body.data.signup.user.username).toBe(input.username);
    });
  }
});

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
    const result = await postRaw(`${context.stack.gatewayUrl}/graphql`, JSON.stringify({ query: '{ me { id } }' }), {
      'content-type': 'text/plain',
      authorization: `Bearer ${context.viewer.accessToken}`,
    });
    expect(result.status).toBe(415);
    expect(result.text).not.toContain(context.viewer.id);
  });
});
