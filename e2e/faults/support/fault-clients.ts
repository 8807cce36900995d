// Fault-injection support: what the scenarios use to talk to the stack and to report what they measured.
import { createRedisEventBus, priceTickChannel, type EventBus, type PriceTickMessage } from '@cryptograph/core';
import { graphqlWsClient, graphqlWsUrl } from '@cryptograph/testing';
import type { Client } from 'graphql-ws';

/** One GraphQL answer. */
export interface GraphqlAnswer {
  readonly status: number;
  readonly body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  /** How long the request took, in milliseconds. */
  readonly ms: number;
}

/** POSTs one operation to a gateway; a network failure is an answer with status 0. */
export async function graphql(gatewayUrl: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphqlAnswer> {
  const started = performance.now();
  try {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: (await response.json()) as GraphqlAnswer['body'], ms: performance.now() - started };
  } catch (error) {
    return { status: 0, body: { errors: [{ message: String(error) }] }, ms: performance.now() - started };
  }
}

/** The data of an answer that must have succeeded. */
export function dataOf(answer: GraphqlAnswer): any {
  if (answer.status !== 200 || answer.body.errors) throw new Error(`GraphQL request failed: ${answer.status} ${JSON.stringify(answer.body.errors)}`);
  return answer.body.data;
}

/** POSTs one operation that must succeed and returns its data. */
export async function graphqlData(gatewayUrl: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  return dataOf(await graphql(gatewayUrl, query, variables, token));
}

/** Logs in through a gateway and returns the access token. */
export async function login(gatewayUrl: string, loginName: string, password: string): Promise<string> {
  return (await graphqlData(gatewayUrl, 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { login: loginName, password } }))
    .login.accessToken as string;
}

/** What one subscription received, with arrival times (performance.now()). */
export interface SubscriptionProbe<T = any> {
  readonly client: Client;
  readonly events: { readonly at: number; readonly value: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] } }[];
  /** `error` or `complete` of the subscription itself (it should stay open). */
  readonly ended: unknown[];
  /** How many times the client's socket connected (1 = never reconnected). */
  connections(): number;
  stop(): Promise<void>;
}

/** One graphql-ws connection that never reconnects by itself (so a reconnect shows), carrying any number of subscriptions. */
export interface ProbeConnection {
  readonly client: Client;
  /** How many times the socket connected (1 = never reconnected). */
  connections(): number;
  /** Starts one more subscription on this connection; its probe's `stop` ends that subscription only. */
  subscribe<T = any>(query: string, variables: Record<string, unknown>): SubscriptionProbe<T>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** Opens a graphql-ws connection to a gateway (lazily: on its first subscription). */
export function connect(gatewayUrl: string, token?: string): ProbeConnection {
  let connections = 0;
  const client = graphqlWsClient(graphqlWsUrl(gatewayUrl), { token, on: { connected: () => void (connections += 1) } });
  return {
    client,
    connections: () => connections,
    subscribe<T>(query: string, variables: Record<string, unknown>) {
      const probe: SubscriptionProbe<T> = {
        client,
        events: [],
        ended: [],
        connections: () => connections,
        stop: async () => dispose(),
      };
      const dispose = client.subscribe<T>(
        { query, variables },
        {
          next: (value) => probe.events.push({ at: performance.now(), value: value as SubscriptionProbe<T>['events'][number]['value'] }),
          error: (error) => probe.ended.push(error),
          complete: () => probe.ended.push('complete'),
        },
      );
      return probe;
    },
    close: () => client.dispose() as Promise<void>,
  };
}

/** Subscribes through a gateway on a connection of its own that never reconnects by itself, so a reconnect shows. */
export function subscribe<T = any>(gatewayUrl: string, query: string, variables: Record<string, unknown>, token?: string): SubscriptionProbe<T> {
  const connection = connect(gatewayUrl, token);
  const probe = connection.subscribe<T>(query, variables);
  return {
    ...probe,
    stop: async () => {
      await probe.stop();
      await connection.close();
    },
  };
}

/** Creates a VIEWER account through an admin and logs it in; returns its id and access token. */
export async function createViewer(gatewayUrl: string, adminToken: string, username: string): Promise<{ id: string; token: string }> {
  const password = 'Fault-Viewer-Passphrase-4';
  const created = await graphqlData(
    gatewayUrl,
    'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
    { input: { email: `${username}@example.com`, username, password, role: 'VIEWER' } },
    adminToken,
  );
  return { id: created.createUser.id as string, token: await login(gatewayUrl, username, password) };
}

/**
 * Where the published ticks' feed time starts: inside the last day of the shipped daily history. Ticks carry the feed's time,
 * and the predictions scheduler takes its clock from them (a PREDICT job forecasts at the last bar closed at that clock), so
 * it must stay where the stored history is, not jump to the wall clock.
 */
const tickFeedTimeStart = Date.parse('2024-06-30T00:00:00Z');

/** Publishes price ticks on the installation's Redis as the market feed does, every `everyMs`, until stopped; each a feed second after the one before. */
export function tickPublisher(redisUrl: string, prefix: string, symbol: string, everyMs = 100): { published: () => number; stop: () => Promise<void> } {
  const bus: EventBus = createRedisEventBus(redisUrl, prefix);
  let published = 0;
  const timer = setInterval(() => {
    published += 1;
    const tick: PriceTickMessage = { symbol, price: 40_000 + published, ts: new Date(tickFeedTimeStart + published * 1000).toISOString() };
    bus.publish(priceTickChannel, tick).catch(() => {});
  }, everyMs);
  return {
    published: () => published,
    stop: async () => {
      clearInterval(timer);
      await bus.close();
    },
  };
}

/** Waits until `condition` holds, polling every 50 ms; fails naming `what` after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return performance.now() - started;
}

/** Prints what a scenario measured, one line, so `npm test`'s output carries the figures. */
export function report(scenario: string, figures: Record<string, string | number | boolean>): void {
  const text = Object.entries(figures)
    .map(([name, value]) => `${name}=${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : String(value)}`)
    .join(', ');
  console.log(`[faults] ${scenario}: ${text}`);
}

/** Seconds, rounded to 0.01, from milliseconds. */
export function seconds(ms: number): number {
  return Math.round(ms / 10) / 100;
}
