// Scenario: SSE reservations (graphql-sse single connection mode) as an attacker uses them: a reservation token presented with another caller's
// credential opens, runs or stops nothing (it would act as the reservation's owner), and a reservation that is never opened buffers little before
// it is dropped, so many half-open reservations cannot hold the gateway's memory.
import { beforeAll, describe, expect, it } from 'vitest';
import { signUp, type Account } from '../support/accounts.js';
import { meQuery } from '../support/operations.js';
import { startPlainStack, stopStackAfterAll, type TestStack } from '../support/stack.js';

const highWaterMarkBytes = 64 * 1024;
let stack: TestStack;
let owner: Account;
let intruder: Account;
let streamUrl: string;

beforeAll(async () => {
  stack = await startPlainStack({ WS_HIGH_WATER_MARK_BYTES: String(highWaterMarkBytes), WS_INIT_TIMEOUT_MS: '20000' });
  streamUrl = `${stack.gatewayUrl}/graphql/stream`;
  [owner, intruder] = [await signUp(stack, 'owner'), await signUp(stack, 'intruder')];
});

stopStackAfterAll(() => stack);

const bearer = (account: Account) => ({ authorization: `Bearer ${account.accessToken}` });

/** Reserves a stream with `headers`; returns its token. */
async function reserve(headers: Record<string, string>): Promise<string> {
  const response = await fetch(streamUrl, { method: 'PUT', headers });
  expect(response.status).toBe(201);
  return response.text();
}

/** Runs `query` on the reserved stream `token` as `operationId`, with `headers`; returns the HTTP status and body. */
async function runOn(token: string, operationId: string, query: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const response = await fetch(streamUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': token, ...headers },
    body: JSON.stringify({ query, extensions: { operationId } }),
  });
  return { status: response.status, body: await response.text() };
}

/** Opens the reserved stream `token` with `headers` and reads it for `ms`; returns the status and what arrived. */
async function readStream(token: string, headers: Record<string, string>, ms: number): Promise<{ status: number; text: string }> {
  const controller = new AbortController();
  const response = await fetch(`${streamUrl}?token=${encodeURIComponent(token)}`, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  if (response.status !== 200) return { status: response.status, text: await response.text() };
  let text = '';
  const reader = response.body!.getReader();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
  } catch {
    // aborted after `ms`
  }
  clearTimeout(timer);
  return { status: 200, text };
}

describe("a reservation token with another caller's credential", () => {
  it("cannot open the owner's stream", async () => {
    const token = await reserve(bearer(owner));
    const opened = await readStream(token, bearer(intruder), 200);
    expect(opened.status).toBe(403);
    expect(JSON.parse(opened.text).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await readStream(token, bearer(owner), 200)).status).toBe(200);
  });

  it("cannot run operations as the owner, nor stop the owner's, and nothing reaches the owner's stream", async () => {
    const token = await reserve(bearer(owner));
    const stream = readStream(token, bearer(owner), 1_500);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await runOn(token, 'intrusion', meQuery, bearer(intruder));
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    const keyed = await runOn(token, 'by-key', meQuery, { 'x-api-key': `cgk_AAAAAAAA_${'A'.repeat(43)}` });
    expect(keyed.status).toBe(401);
    expect(
      (await fetch(`${streamUrl}?operationId=mine`, { method: 'DELETE', headers: { 'x-graphql-event-stream-token': token, ...bearer(intruder) } })).status,
    ).toBe(403);
    expect((await runOn(token, 'mine', meQuery, bearer(owner))).status).toBe(202);
    const { text } = await stream;
    expect(text).not.toContain('intrusion');
    expect(text).not.toContain('by-key');
    expect(text).toContain(`"id":"${owner.id}"`);
  });

  it('control: the token alone (as EventSource sends it) still works for the one who reserved', async () => {
    const token = await reserve(bearer(owner));
    const stream = readStream(token, {}, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await runOn(token, 'alone', meQuery)).status).toBe(202);
    expect((await stream).text).toContain(`"id":"${owner.id}"`);
  });

  it("an anonymous reservation does not run a signed-in caller's operations anonymously", async () => {
    const token = await reserve({});
    const refused = await runOn(token, 'signed-in', meQuery, bearer(intruder));
    expect(refused.status).toBe(403);
  });
});

describe('half-open reservations', () => {
  it('a reservation never opened buffers at most the high-water mark of results before it is dropped', async () => {
    const token = await reserve(bearer(owner));
    const introspection = '{ __schema { types { name description fields { name description args { name description } } } } }';
    const statuses: number[] = [];
    for (let index = 0; index < 40; index += 1) {
      const { status } = await runOn(token, `big-${index}`, introspection, bearer(owner));
      statuses.push(status);
      if (status !== 202) break;
    }
    const accepted = statuses.filter((status) => status === 202).length;
    console.info(`[sse] a half-open reservation took ${accepted} introspection results before it was dropped (high-water mark ${highWaterMarkBytes} bytes)`);
    expect(statuses.at(-1)).toBe(404);
    expect(accepted).toBeLessThan(20);
    expect((await readStream(token, bearer(owner), 200)).status).toBe(404);
  });
});
