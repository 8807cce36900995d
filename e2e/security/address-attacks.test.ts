// Security table, client addresses (TRUST_PROXY=1): per-address limits follow the address our proxy appended to X-Forwarded-For, and an IPv6 client
// counts as its /64 network (an IPv4 client also in its IPv4-mapped form), over HTTP, graphql-ws and graphql-sse (both modes) alike: the anonymous
// rate limit, login failures per address, sign-ups per address, and probing which emails are registered through `updateMe`; and subscription events
// paying their follow-up cost against the caller's budget.
import { afterAll, beforeAll, expect } from 'vitest';
import { freshIpv4, freshIpv6Network, forwardedFor } from '../support/addresses.js';
import { newCredentials, uniqueSuffix } from '../support/accounts.js';
import { answered, attack, burst, perVariant, refused, runAttackTable, tally, type AttackRow } from '../support/attack-table.js';
import { publishTick } from '../subscriptions/stack-with-admin.js';
import { loginMutation, signupMutation, updateMeMutation } from '../support/operations.js';
import { startPlainStack, type TestStack } from '../support/stack.js';

interface Context {
  readonly stack: TestStack;
}

const rateLimited: { context?: Context } = {};
const throttled: { context?: Context } = {};

/** The per-address limits the rows run into. */
const limits = { requests: 3, loginFailures: 4, signups: 3, costPerMinute: 500 };

beforeAll(async () => {
  const [requests, throttles] = await Promise.all([
    startPlainStack({
      TRUST_PROXY: '1',
      RATE_LIMIT_MAX: String(limits.requests),
      GRAPHQL_MAX_OPERATION_COST: '1000',
      GRAPHQL_COST_PER_MINUTE: String(limits.costPerMinute),
    }),
    startPlainStack({ TRUST_PROXY: '1', LOGIN_MAX_FAILURES_PER_ADDRESS: String(limits.loginFailures), SIGNUP_MAX_PER_ADDRESS: String(limits.signups) }),
  ]);
  rateLimited.context = { stack: requests };
  throttled.context = { stack: throttles };
});

afterAll(async () => {
  await rateLimited.context?.stack.stop();
  await throttled.context?.stack.stop();
});

/** One client address per variant, then addresses of the same client as `spell` writes them (its IPv6 /64, its IPv4-mapped form). */
const clientOf = (addresses: () => () => string) => {
  const perRun = perVariant(addresses);
  return (_c: Context, variant: Parameters<typeof perRun>[0]) => ({ headers: forwardedFor(perRun(variant)()) });
};
const oneIpv4 = () => {
  const client = freshIpv4();
  return () => client;
};
const oneIpv6Network = () => freshIpv6Network();
const ipv4AndMapped = () => {
  const client = freshIpv4();
  let turn = 0;
  return () => (turn++ % 2 === 0 ? client : `::ffff:${client}`);
};
const withPorts = () => {
  const client = freshIpv4();
  let port = 40_000;
  return () => `${client}:${port++}`;
};
const twoNetworks = () => {
  const [first, second] = [freshIpv6Network(), freshIpv6Network()];
  let turn = 0;
  return () => (turn++ % 2 === 0 ? first() : second());
};
const typename = { query: '{ __typename }' };

/** Expects exactly `answered` answers and the rest refused with `code`. */
const expectSplit = (answered: number, code: string) => (outcomes: Parameters<typeof tally>[0]) => {
  const counts = tally(outcomes);
  expect(counts).toEqual(answered === outcomes.length ? { answered } : { answered, [code]: outcomes.length - answered });
};

/** A burst of 5 anonymous requests forwarded for the clients `addresses` yields, which must all count against one rate limit. */
const sharedRateLimit = (title: string, addresses: Parameters<typeof clientOf>[0]) =>
  burst(title, clientOf(addresses), typename, 5, expectSplit(limits.requests, 'RATE_LIMITED'));

const requestRows: AttackRow<Context>[] = [
  sharedRateLimit('rotating the left-most X-Forwarded-For entry does not escape the anonymous rate limit', oneIpv4),
  sharedRateLimit('addresses of one IPv6 /64 network share the anonymous rate limit', oneIpv6Network),
  sharedRateLimit('an IPv4 address and its IPv4-mapped IPv6 form share the anonymous rate limit', ipv4AndMapped),
  sharedRateLimit('one address with a new port each time (as some proxies write it) shares the anonymous rate limit', withPorts),
  burst('control: two /64 networks are limited apart', clientOf(twoNetworks), typename, 6, expectSplit(6, 'RATE_LIMITED')),
];

/** A login of an unknown name (a new one each time). */
const unknownLogin = () => ({ query: loginMutation, variables: { input: { login: `nobody_${uniqueSuffix()}`, password: 'Not the right passphrase at all' } } });
/** A sign-up of fresh credentials. */
const freshSignup = () => ({ query: signupMutation, variables: { input: newCredentials('probe') } });
/** Six failed logins from one client: as many as the address may fail get the one failure message, the rest the one lockout message. */
const expectFailedLogins = (outcomes: Parameters<typeof tally>[0]) => {
  expect(tally(outcomes)).toEqual({ UNAUTHENTICATED: limits.loginFailures, RATE_LIMITED: outcomes.length - limits.loginFailures });
  const messages = new Set(outcomes.flatMap((outcome) => outcome.errors.map((error) => error.message)));
  expect([...messages].sort()).toEqual(['Invalid login or password.', 'Too many failed login attempts; try again later.']);
};

/** A signed-in user per variant (signed up from an address of its own), and the email of another account to probe for. */
const probing = perVariant(async () => {
  const stack = throttled.context!.stack;
  const sign = async () => {
    const input = newCredentials('prober');
    const result = await stack.graphql(signupMutation, { input }, { headers: forwardedFor(freshIpv4()) });
    expect(result.body.errors).toBeUndefined();
    return { ...input, token: result.body.data.signup.accessToken as string };
  };
  const [prober, victim] = await Promise.all([sign(), sign()]);
  return { token: prober.token, address: freshIpv4(), victimEmail: victim.email };
});

/** An account per variant whose password the rows guess. */
const guessed = perVariant(async () => {
  const input = newCredentials('guessed');
  const result = await throttled.context!.stack.graphql(signupMutation, { input }, { headers: forwardedFor(freshIpv4()) });
  expect(result.body.errors).toBeUndefined();
  return input;
});
const accountLimit = 5;

const throttleRows: AttackRow<Context>[] = [
  burst(
    '30 parallel guesses of one account, each from another address: exactly as many as the account allows are checked',
    () => ({ headers: forwardedFor(freshIpv4()) }),
    async (_c, variant) => ({
      query: loginMutation,
      variables: { input: { login: (await guessed(variant)).username, password: `Guess ${uniqueSuffix()} wrong` } },
    }),
    30,
    async (outcomes, variant) => {
      expect(tally(outcomes)).toEqual({ UNAUTHENTICATED: accountLimit, RATE_LIMITED: 30 - accountLimit });
      const account = await guessed(variant);
      const right = await throttled.context!.stack.graphql(
        loginMutation,
        { input: { login: account.username, password: account.password } },
        { headers: forwardedFor(freshIpv4()) },
      );
      expect(right.body.errors?.[0]).toMatchObject({ message: 'Too many failed login attempts; try again later.', extensions: { code: 'RATE_LIMITED' } });
    },
  ),
  burst('rotating the left-most entry does not escape the failed-login limit per address', clientOf(oneIpv4), unknownLogin, 6, expectFailedLogins),
  burst('addresses of one IPv6 /64 network share the failed-login limit', clientOf(oneIpv6Network), unknownLogin, 6, expectFailedLogins),
  burst(
    'rotating the left-most entry does not escape the sign-up limit per address',
    clientOf(oneIpv4),
    freshSignup,
    5,
    expectSplit(limits.signups, 'RATE_LIMITED'),
  ),
  burst('addresses of one IPv6 /64 network share the sign-up limit', clientOf(oneIpv6Network), freshSignup, 5, expectSplit(limits.signups, 'RATE_LIMITED')),
  burst(
    'probing which emails are registered through updateMe counts like sign-ups',
    async (_c, variant) => {
      const { token, address } = await probing(variant);
      return { token, headers: forwardedFor(address) };
    },
    async (_c, variant) => ({ query: updateMeMutation, variables: { input: { email: (await probing(variant)).victimEmail } } }),
    5,
    (outcomes) => expect(tally(outcomes)).toEqual({ CONFLICT: limits.signups, RATE_LIMITED: 5 - limits.signups }),
  ),
];

/** A fresh user per variant (signed up from an address of its own): budgets are per user. */
const spender = perVariant(async () => {
  const result = await rateLimited.context!.stack.graphql(signupMutation, { input: newCredentials('spender') }, { headers: forwardedFor(freshIpv4()) });
  expect(result.body.errors).toBeUndefined();
  return result.body.data.signup.accessToken as string;
});
/** Admission costs 102 (the tick, its asset, 100 candles); each event then costs 101 more. */
const costlyTicks = { query: 'subscription { priceUpdated(symbols: ["BTC"]) { price asset { candles(interval: D1, maxPoints: 100) { close } } } }' };
const publishingTicks = {
  timeoutMs: 10_000,
  started: async (settled: AbortSignal) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    for (let tick = 0; tick < 8 && !settled.aborted; tick += 1) {
      await publishTick(rateLimited.context!.stack, 'BTC', 40_000 + tick);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  },
};

const budgetRows: AttackRow<Context>[] = [
  attack(
    'a subscription whose events cost more than the budget has left ends with RATE_LIMITED',
    async (_c, variant) => ({ token: await spender(variant) }),
    costlyTicks,
    answered((outcome) => {
      expect(outcome.results.filter((result) => result.data).length).toBe(3);
      expect(outcome.ended).toBe(true);
      expect(outcome.errors.at(-1)).toMatchObject({ extensions: { code: 'RATE_LIMITED', cost: 101, limit: limits.costPerMinute } });
    }),
    { ...publishingTicks, over: { http: refused('BAD_USER_INPUT', { message: /subscription/i }) } },
  ),
];

runAttackTable(
  'subscription events pay their follow-up cost over every transport',
  () => rateLimited.context!,
  (c) => c.stack.gatewayUrl,
  budgetRows,
);
runAttackTable(
  'the anonymous rate limit per client address over every transport',
  () => rateLimited.context!,
  (c) => c.stack.gatewayUrl,
  requestRows,
);
runAttackTable(
  'login and sign-up throttles per client address over every transport',
  () => throttled.context!,
  (c) => c.stack.gatewayUrl,
  throttleRows,
);
