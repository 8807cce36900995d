// Security table, identity: API key scopes hold on every field and through every federation join (also per subscription event), a genuine token's
// role claim is never trusted, keys cannot manage keys, the password policy (NIST SP 800-63B) and reserved usernames hold at sign-up, and a failed
// login says nothing about whether the account exists, over HTTP, graphql-ws and graphql-sse (both modes) alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createApiKeyMutation, revokeApiKeyMutation } from '../api/api-operations.js';
import { accountWithRole, goodPassword, logInAdmin, newCredentials, signUp, uniqueSuffix, type Account } from '../support/accounts.js';
import { answered, attack, fieldRefused, refused, runAttackTable, type AttackRow } from '../support/attack-table.js';
import { createModelMutation, loginMutation, signupMutation, updateMeMutation } from '../support/operations.js';
import { startE2eStack, type TestStack } from '../support/stack.js';
import { publishTick } from '../subscriptions/stack-with-admin.js';

interface Context {
  readonly stack: TestStack;
  readonly admin: Account;
  readonly analyst: Account;
  readonly viewer: Account;
  /** Keys by `<owner role>:<scopes>`. */
  readonly keys: ReadonlyMap<string, string>;
}

let context: Context;

/** The keys the rows use, as owner role and scopes. */
const keySpecs = [
  ['ADMIN', ['read:market']],
  ['ADMIN', ['read:predictions']],
  ['ADMIN', ['admin:users']],
  ['ANALYST', ['read:predictions']],
  ['ANALYST', ['write:market']],
] as const;

beforeAll(async () => {
  const stack = await startE2eStack();
  const admin = await logInAdmin(stack);
  const analyst = await accountWithRole(stack, admin, 'ANALYST', 'scopeanalyst');
  const model = await stack.graphql(
    createModelMutation,
    { input: { name: 'scope model', symbol: 'BTC', target: 'VOLATILITY', algorithm: 'NAIVE', interval: 'D1', horizon: 1 } },
    { token: analyst.accessToken },
  );
  expect(model.body.errors).toBeUndefined();
  const owners = { ADMIN: admin, ANALYST: analyst };
  const keys = new Map<string, string>();
  for (const [role, scopes] of keySpecs) keys.set(`${role}:${scopes.join(',')}`, (await createApiKey(stack, owners[role].accessToken, [...scopes])).key);
  context = { stack, admin, analyst, viewer: await signUp(stack, 'idviewer'), keys };
});

afterAll(async () => {
  await context?.stack.stop();
});

/** A caller with the key of an owner of `role` carrying `scopes` (sent as `Authorization: ApiKey`). */
const key =
  (role: (typeof keySpecs)[number][0], ...scopes: string[]) =>
  (c: Context) => ({ authorization: `ApiKey ${c.keys.get(`${role}:${scopes.join(',')}`)!}` });
const anonymous = () => ({});
/** Publishes BTC ticks until the subscription under test has what it waits for. */
const publishingTicks = {
  results: 1,
  timeoutMs: 8_000,
  started: async (settled: AbortSignal) => {
    for (let tick = 0; tick < 20; tick += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (settled.aborted) return;
      await publishTick(context.stack, 'BTC', 50_000 + tick);
    }
  },
};
const noSubscriptionsOverHttp = { http: refused('BAD_USER_INPUT', { message: /subscription/i }) };

const scopeRows: AttackRow<Context>[] = [
  attack(
    'a read:market key of an admin removes an asset',
    key('ADMIN', 'read:market'),
    { query: 'mutation { removeAsset(symbol: "DOGE") }' },
    fieldRefused('removeAsset'),
  ),
  attack(
    'a read:market key of an admin adds an asset',
    key('ADMIN', 'read:market'),
    { query: 'mutation { addAsset(symbol: "DOGE") { symbol } }' },
    fieldRefused('addAsset'),
  ),
  attack(
    'a read:market key of an admin changes its owner',
    key('ADMIN', 'read:market'),
    { query: 'mutation { updateMe(input: { username: "taken_over" }) { username } }' },
    fieldRefused('updateMe'),
  ),
  attack('a read:market key of an admin lists users', key('ADMIN', 'read:market'), { query: '{ users { totalCount } }' }, fieldRefused('users')),
  attack(
    "a read:market key of an admin reads another user's email",
    key('ADMIN', 'read:market'),
    (c) => ({ query: `{ other: user(id: "${c.viewer.id}") { id email } }` }),
    answered((outcome) => expect(outcome.results.at(-1)?.data).toEqual({ other: { id: context.viewer.id, email: null } })),
  ),
  attack(
    'a read:market key reaches models through an asset',
    key('ADMIN', 'read:market'),
    { query: '{ asset(symbol: "BTC") { symbol models { id } } }' },
    fieldRefused('models'),
  ),
  attack(
    "a read:market key reaches an asset's latest prediction",
    key('ADMIN', 'read:market'),
    { query: '{ asset(symbol: "BTC") { symbol latestPrediction(target: VOLATILITY) { value } } }' },
    fieldRefused('latestPrediction'),
  ),
  attack(
    'a read:market key reaches models through each price tick',
    key('ADMIN', 'read:market'),
    { query: 'subscription { priceUpdated(symbols: ["BTC"]) { price asset { models { id } } } }' },
    fieldRefused('models'),
    { ...publishingTicks, over: noSubscriptionsOverHttp },
  ),
  attack(
    "a read:predictions key reads candles through a model's asset",
    key('ANALYST', 'read:predictions'),
    { query: '{ models(first: 1) { edges { node { asset { symbol candles(interval: D1) { close } } } } } }' },
    fieldRefused('candles'),
  ),
  attack(
    "a read:predictions key reads the latest price through a model's asset",
    key('ANALYST', 'read:predictions'),
    { query: '{ models(first: 1) { edges { node { asset { latestPrice { price } } } } } }' },
    fieldRefused('latestPrice'),
  ),
  attack(
    'a read:predictions key creates a model',
    key('ANALYST', 'read:predictions'),
    { query: 'mutation { createModel(input: { name: "by key", symbol: "BTC", target: VOLATILITY, algorithm: NAIVE, interval: D1, horizon: 1 }) { id } }' },
    fieldRefused('createModel'),
  ),
  attack(
    "a read:predictions key of an admin reads a model owner's email",
    key('ADMIN', 'read:predictions'),
    { query: '{ models(first: 1) { edges { node { owner { username email } } } } }' },
    answered((outcome) =>
      expect(outcome.results.at(-1)?.data).toEqual({ models: { edges: [{ node: { owner: { username: context.analyst.username, email: null } } }] } }),
    ),
  ),
  attack(
    'a write:market key reads market data',
    key('ANALYST', 'write:market'),
    { query: '{ assets(first: 1) { edges { node { symbol } } } }' },
    fieldRefused('assets'),
  ),
  attack(
    'an admin:users key creates an API key',
    key('ADMIN', 'admin:users'),
    { query: createApiKeyMutation, variables: { input: { name: 'by key', scopes: ['admin:users'] } } },
    fieldRefused('createApiKey'),
  ),
  attack(
    "an admin:users key revokes its owner's key",
    key('ADMIN', 'admin:users'),
    { query: revokeApiKeyMutation, variables: { id: '00000000-0000-4000-8000-000000000000' } },
    fieldRefused('revokeApiKey'),
  ),
  attack(
    'an admin:users key reads market data',
    key('ADMIN', 'admin:users'),
    { query: '{ latestPrice(symbol: "BTC") { price } }' },
    fieldRefused('latestPrice'),
  ),
  attack(
    "control: an admin:users key reads other users' emails",
    key('ADMIN', 'admin:users'),
    (c) => ({ query: `{ user(id: "${c.viewer.id}") { email } }` }),
    answered((outcome) => expect(outcome.results.at(-1)?.data).toEqual({ user: { email: context.viewer.email } })),
  ),
  attack(
    "control: the admin's own session reads other users' emails",
    (c) => ({ token: c.admin.accessToken }),
    (c) => ({ query: `{ user(id: "${c.viewer.id}") { email } }` }),
    answered((outcome) => expect(outcome.results.at(-1)?.data).toEqual({ user: { email: context.viewer.email } })),
  ),
  attack('a viewer lists users', (c) => ({ token: c.viewer.accessToken }), { query: '{ users { totalCount } }' }, fieldRefused('users')),
  attack(
    "a viewer reads another user's email",
    (c) => ({ token: c.viewer.accessToken }),
    (c) => ({ query: `{ user(id: "${c.analyst.id}") { id email } }` }),
    answered((outcome) => expect(outcome.results.at(-1)?.data).toEqual({ user: { id: context.analyst.id, email: null } })),
  ),
  attack(
    'a viewer promotes itself',
    (c) => ({ token: c.viewer.accessToken }),
    (c) => ({ query: `mutation { setUserRole(id: "${c.viewer.id}", role: ADMIN) { role } }` }),
    fieldRefused('setUserRole'),
  ),
];

/** A sign-up of fresh credentials with `password` (a function of the fresh username and email when it must contain them), as `username` when given. */
const signupWith = (password: string | ((credentials: { username: string; email: string }) => string), username?: string | (() => string)) => () => {
  const credentials = newCredentials('policy');
  const chosen = { ...credentials, ...(username ? { username: typeof username === 'function' ? username() : username } : {}) };
  return { query: signupMutation, variables: { input: { ...chosen, password: typeof password === 'function' ? password(chosen) : password } } };
};
const refusedPassword = (rule: string) => refused('BAD_USER_INPUT', { extensions: { field: 'password', rule } });
const refusedUsername = refused('BAD_USER_INPUT', { extensions: { field: 'username', rule: 'reserved' }, message: /reserved/ });
const signedUp = answered((outcome) => {
  expect(outcome.errors).toEqual([]);
  expect(outcome.results.at(-1)?.data).toMatchObject({ signup: { user: { role: 'VIEWER' } } });
});

const accountRows: AttackRow<Context>[] = [
  attack('control: a passphrase of common words is welcome', anonymous, signupWith('correct horse battery staple'), signedUp),
  attack('control: any script and spaces are welcome', anonymous, signupWith('mot de passe très sûr 東京'), signedUp),
  attack('a common password', anonymous, signupWith('password1'), refusedPassword('common')),
  attack('a common word wrapped in digits and symbols', anonymous, signupWith('Summer2024!'), refusedPassword('common')),
  attack('a common password in full-width characters (NFKC)', anonymous, signupWith('ｐａｓｓｗｏｒｄ１'), refusedPassword('common')),
  attack('7 characters', anonymous, signupWith('x7!kQz#'), refusedPassword('length')),
  attack('129 characters', anonymous, signupWith('a lengthy passphrase '.repeat(7).slice(0, 129)), refusedPassword('length')),
  attack('a short sequence repeated', anonymous, signupWith('zq!zq!zq!zq!'), refusedPassword('repetitive')),
  attack(
    'a password containing the username',
    anonymous,
    signupWith(({ username }) => `My ${username} secret`),
    refusedPassword('no-username'),
  ),
  attack(
    "a password containing the email's local part",
    anonymous,
    signupWith(({ email }) => `Xy ${email.split('@')[0]!.toUpperCase()} zz`),
    refusedPassword('no-email'),
  ),
  attack('signing up as admin', anonymous, signupWith(goodPassword, 'admin'), refusedUsername),
  attack('signing up as Administrator', anonymous, signupWith(goodPassword, 'Administrator'), refusedUsername),
  attack('signing up as root_2', anonymous, signupWith(goodPassword, 'root_2'), refusedUsername),
  attack('signing up as sys.admin', anonymous, signupWith(goodPassword, 'sys.admin'), refusedUsername),
  attack('signing up as adm1n', anonymous, signupWith(goodPassword, 'adm1n'), refusedUsername),
  attack('signing up as r00t', anonymous, signupWith(goodPassword, 'r00t'), refusedUsername),
  attack('signing up as the_admin', anonymous, signupWith(goodPassword, 'the_admin'), refusedUsername),
  attack(
    'control: a name that merely contains an admin-like word',
    anonymous,
    signupWith(goodPassword, () => `badminton_${uniqueSuffix()}`),
    signedUp,
  ),
  attack(
    'renaming oneself to root',
    (c) => ({ token: c.viewer.accessToken }),
    { query: updateMeMutation, variables: { input: { username: 'root' } } },
    refusedUsername,
  ),
  attack(
    'a setup code on an installation that has an admin',
    anonymous,
    () => ({ query: signupMutation, variables: { input: { ...newCredentials('late'), setupCode: 'AAAAA-BBBBB-CCCCC-DDDDD' } } }),
    refused('BAD_USER_INPUT', { message: /^The setup code is not valid\.$/, extensions: { field: 'setupCode' } }),
  ),
];

/** The one answer to a failed login, whether the account exists or not. */
const invalidLogin = answered((outcome) => {
  expect(outcome.results.some((result) => result.data)).toBe(false);
  expect(outcome.errors.map(({ message, extensions }) => ({ message, code: extensions?.code }))).toEqual([
    { message: 'Invalid login or password.', code: 'UNAUTHENTICATED' },
  ]);
});
const loginAs = (login: (c: Context) => string) => (c: Context) => ({
  query: loginMutation,
  variables: { input: { login: login(c), password: 'Not the right passphrase at all' } },
});

const enumerationRows: AttackRow<Context>[] = [
  attack(
    'a wrong password for an existing username',
    anonymous,
    loginAs((c) => c.viewer.username),
    invalidLogin,
  ),
  attack(
    'a wrong password for an existing email',
    anonymous,
    loginAs((c) => c.viewer.email.toUpperCase()),
    invalidLogin,
  ),
  attack(
    'an unknown username',
    anonymous,
    loginAs(() => `nobody_${uniqueSuffix()}`),
    invalidLogin,
  ),
  attack(
    'an unknown email',
    anonymous,
    loginAs(() => `nobody.${uniqueSuffix()}@example.com`),
    invalidLogin,
  ),
  attack(
    'the built-in system user, which cannot sign in',
    anonymous,
    loginAs(() => 'system'),
    invalidLogin,
  ),
];

runAttackTable(
  'API key scopes and roles over every transport',
  () => context,
  (c) => c.stack.gatewayUrl,
  scopeRows,
);
runAttackTable(
  'accounts: password policy and reserved names over every transport',
  () => context,
  (c) => c.stack.gatewayUrl,
  accountRows,
);
runAttackTable(
  'failed logins tell nothing about the account over every transport',
  () => context,
  (c) => c.stack.gatewayUrl,
  enumerationRows,
);

describe('the cap on active API keys per user', () => {
  it('holds when 300 keys are created at once: exactly 50 are created, the others are CONFLICT', async () => {
    const user = await signUp(context.stack, 'keyhoarder');
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, index) =>
        context.stack.graphql(createApiKeyMutation, { input: { name: `key ${index}`, scopes: ['read:market'] } }, { token: user.accessToken }),
      ),
    );
    const codes = results.map((result) => (result.body.errors ? String(result.body.errors[0]!.extensions?.code) : 'created'));
    expect(codes.filter((code) => code === 'created')).toHaveLength(50);
    expect(codes.filter((code) => code === 'CONFLICT')).toHaveLength(250);
  });
});
