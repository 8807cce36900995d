import { AppError, ErrorCode } from '@cryptograph/core/base';
import { describe, expect, it } from 'vitest';
import type { Credentials, GatewayContext } from '../context.js';
import { ConnectionRefused, GatewayCloseCode, type ConnectionEnd } from './connection-end.js';
import type { GatewayPlugin } from './gateway-plugin.js';
import type { TransportCapabilities } from './operation.js';
import { createOperationCore } from './operation-core.js';
import { useCredentialRecheck } from './plugins/use-credential-recheck.js';
import type { EventSink, OperationOutcome } from './operation-outcome.js';

const capabilities: TransportCapabilities = { accepts: new Set(['query', 'mutation', 'subscription']), metadata: false };
const contextOf = (userId: string, role: 'ADMIN' | 'VIEWER', expiresAt: number | null = null): GatewayContext => ({
  identity: { userId, role, scopes: null, clientAddress: '127.0.0.1' },
  credentialExpiresAt: expiresAt,
  apiKeyPrefix: null,
});

/** An authenticator over a table of tokens that tests can change (a revoked or demoted user). */
function tokenTable() {
  const tokens = new Map<string, GatewayContext>();
  const authenticate = async (credentials: Credentials) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const context = tokens.get(credentials.authorization ?? '');
    if (!context) throw new AppError(ErrorCode.UNAUTHENTICATED, 'The access token is invalid.');
    return context;
  };
  return { tokens, authenticate };
}

/** A plugin that records the order it ran in. */
const recorder = (name: string, log: string[]): GatewayPlugin => ({
  name,
  async onOperation(_operation, next) {
    log.push(`${name}:before`);
    const outcome = await next();
    log.push(`${name}:after`);
    return outcome;
  },
});

const answer: GatewayPlugin = { name: 'answer', onOperation: async () => ({ kind: 'result', result: { data: { ok: true } }, status: 200 }) };

/** A stream plugin whose upstream the test drives. */
function controllableStream() {
  const sinks: EventSink[] = [];
  let stopped = 0;
  const plugin: GatewayPlugin = {
    name: 'stream',
    onOperation: async () => ({
      kind: 'stream',
      start: (sink) => {
        sinks.push(sink);
        return () => (stopped += 1);
      },
    }),
  };
  return { plugin, sinks, stopped: () => stopped };
}

function collect() {
  const events: string[] = [];
  const sink: EventSink = {
    next: (payload) => events.push(`next ${payload.toString()}`),
    error: (errors) => events.push(`error ${errors.map((error) => error.extensions?.code).join(',')}`),
    complete: () => events.push('complete'),
  };
  return { events, sink };
}

const onUnexpected = (error: unknown) => {
  throw error;
};

describe('the operation core', () => {
  it('runs every operation through the plugins in order, each around the rest', async () => {
    const log: string[] = [];
    const { tokens, authenticate } = tokenTable();
    tokens.set('Bearer a', contextOf('a', 'VIEWER'));
    const core = createOperationCore({ plugins: [recorder('first', log), recorder('second', log), answer], authenticate, onUnexpected });
    const connection = core.open({ transport: 'http', clientAddress: '127.0.0.1', persistent: false, onEnd: () => {} });
    await connection.authenticate({ authorization: 'Bearer a', clientAddress: '127.0.0.1' });
    const outcome = await connection.execute({ query: '{ ok }' }, capabilities);
    expect(outcome).toMatchObject({ kind: 'result', result: { data: { ok: true } } });
    expect(log).toEqual(['first:before', 'second:before', 'second:after', 'first:after']);
  });

  it('lets a plugin answer with a shared result without running the rest', async () => {
    const log: string[] = [];
    const shared: OperationOutcome = { kind: 'result', result: { data: { shared: true } }, status: 200 };
    const sharing: GatewayPlugin = { name: 'share', onOperation: async () => shared };
    const { tokens, authenticate } = tokenTable();
    tokens.set('Bearer a', contextOf('a', 'VIEWER'));
    const core = createOperationCore({ plugins: [recorder('outer', log), sharing, recorder('inner', log), answer], authenticate, onUnexpected });
    const connection = core.open({ transport: 'http', clientAddress: '127.0.0.1', persistent: false, onEnd: () => {} });
    await connection.authenticate({ authorization: 'Bearer a', clientAddress: '127.0.0.1' });
    expect(await connection.execute({ query: '{ ok }' }, capabilities)).toBe(shared);
    expect(log).toEqual(['outer:before', 'outer:after']);
  });

  it('refuses a connection whose credential does not verify with a 4403 / HTTP 401 refusal', async () => {
    const core = createOperationCore({ plugins: [answer], authenticate: tokenTable().authenticate, onUnexpected });
    const connection = core.open({ transport: 'ws', clientAddress: '127.0.0.1', persistent: true, onEnd: () => {} });
    await expect(connection.authenticate({ authorization: 'Bearer forged', clientAddress: '127.0.0.1' })).rejects.toMatchObject({
      code: 4403,
      status: 401,
      error: { extensions: { code: 'UNAUTHENTICATED' } },
    });
    expect(connection.authenticated).toBe(false);
  });

  it('runs connection hooks for long-lived connections only, and undoes earlier ones when a later hook refuses', async () => {
    const released: string[] = [];
    let refuse = false;
    const hooks: GatewayPlugin[] = [
      { name: 'first', onConnection: () => () => released.push('first') },
      {
        name: 'gate',
        onConnection: () => {
          if (refuse)
            throw new ConnectionRefused(
              GatewayCloseCode.TooManyConnections,
              'Too many connections',
              { message: 'no', extensions: { code: 'RATE_LIMITED' } },
              429,
            );
          return () => released.push('gate');
        },
      },
    ];
    const core = createOperationCore({ plugins: [...hooks, answer], authenticate: tokenTable().authenticate, onUnexpected });
    core.open({ transport: 'http', clientAddress: 'x', persistent: false, onEnd: () => {} });
    expect(core.connections()).toBe(0);
    const open = core.open({ transport: 'ws', clientAddress: 'x', persistent: true, onEnd: () => {} });
    expect(core.connections()).toBe(1);
    refuse = true;
    expect(() => core.open({ transport: 'sse', clientAddress: 'x', persistent: true, onEnd: () => {} })).toThrow(ConnectionRefused);
    expect(released).toEqual(['first']);
    open.dispose();
    open.dispose();
    expect(released).toEqual(['first', 'gate', 'first']);
    expect(core.connections()).toBe(0);
  });

  it('ends a connection: running streams get the error, then the transport closes, then cleanups run', async () => {
    const { tokens, authenticate } = tokenTable();
    tokens.set('Bearer a', contextOf('a', 'VIEWER'));
    const stream = controllableStream();
    const order: string[] = [];
    const core = createOperationCore({
      plugins: [{ name: 'cleanup', onConnection: () => () => order.push('cleanup') }, stream.plugin],
      authenticate,
      onUnexpected,
    });
    const connection = core.open({ transport: 'ws', clientAddress: 'x', persistent: true, onEnd: (end) => order.push(`closed ${end.code}`) });
    await connection.authenticate({ authorization: 'Bearer a', clientAddress: 'x' });
    const { events, sink } = collect();
    const outcome = await connection.execute({ query: 'subscription { s }' }, capabilities);
    if (outcome.kind !== 'stream') throw new Error('expected a stream');
    connection.stream(outcome, { ...sink, error: (errors) => (sink.error(errors), order.push('stream error')) });
    stream.sinks[0]!.next(Buffer.from('1'), null);
    connection.end({ code: GatewayCloseCode.Forbidden, reason: 'Credential revoked', error: { message: 'revoked', extensions: { code: 'UNAUTHENTICATED' } } });
    expect(events).toEqual(['next 1', 'error UNAUTHENTICATED']);
    expect(order).toEqual(['stream error', `closed ${GatewayCloseCode.Forbidden}`, 'cleanup']);
    expect(stream.stopped()).toBe(1);
    stream.sinks[0]!.next(Buffer.from('2'), null);
    expect(events).toHaveLength(2);
    await expect(connection.verified()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('closes every long-lived connection on shutdown (1001), stopping its streams', async () => {
    const { tokens, authenticate } = tokenTable();
    tokens.set('Bearer a', contextOf('a', 'VIEWER'));
    const stream = controllableStream();
    const closed: number[] = [];
    const core = createOperationCore({ plugins: [stream.plugin], authenticate, onUnexpected });
    const connection = core.open({ transport: 'sse', clientAddress: 'x', persistent: true, onEnd: (end) => closed.push(end.code) });
    await connection.authenticate({ authorization: 'Bearer a', clientAddress: 'x' });
    const outcome = await connection.execute({ query: 'subscription { s }' }, capabilities);
    if (outcome.kind !== 'stream') throw new Error('expected a stream');
    connection.stream(outcome, collect().sink);
    core.close();
    expect(closed).toEqual([GatewayCloseCode.GoingAway]);
    expect(stream.stopped()).toBe(1);
    expect(core.connections()).toBe(0);
  });

  it('on a revocation, operations wait for the new verdict; a credential that no longer passes ends the connection with 4403', async () => {
    const { tokens, authenticate } = tokenTable();
    tokens.set('Bearer a', contextOf('a', 'VIEWER'));
    const ends: ConnectionEnd[] = [];
    const core = createOperationCore({ plugins: [answer], authenticate, onUnexpected });
    const connection = core.open({ transport: 'ws', clientAddress: 'x', persistent: true, onEnd: (end) => ends.push(end) });
    await connection.authenticate({ authorization: 'Bearer a', clientAddress: 'x' });
    tokens.delete('Bearer a');
    connection.reverify();
    await expect(connection.verified()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(ends.map((end) => end.code)).toEqual([4403]);
  });

  it('a re-verified credential with a changed role ends the connection; an unchanged one keeps it', async () => {
    const { tokens, authenticate } = tokenTable();
    tokens.set('Bearer a', contextOf('a', 'ADMIN'));
    tokens.set('Bearer b', contextOf('b', 'VIEWER'));
    const ends: number[] = [];
    const core = createOperationCore({ plugins: [answer], authenticate, onUnexpected });
    const open = async (token: string) => {
      const connection = core.open({ transport: 'sse', clientAddress: 'x', persistent: true, onEnd: (end) => ends.push(end.code) });
      await connection.authenticate({ authorization: token, clientAddress: 'x' });
      return connection;
    };
    const demoted = await open('Bearer a');
    const unchanged = await open('Bearer b');
    tokens.set('Bearer a', contextOf('a', 'VIEWER'));
    demoted.reverify();
    unchanged.reverify();
    await expect(demoted.verified()).rejects.toThrow();
    expect((await unchanged.verified()).identity.userId).toBe('b');
    expect(ends).toEqual([4403]);
  });

  it('a refresh accepts the same user with the same or a lower role and tells the connection its new expiry; refuses anything else', async () => {
    const { tokens, authenticate } = tokenTable();
    tokens.set('Bearer old', contextOf('a', 'ADMIN', 1_000));
    tokens.set('Bearer new', contextOf('a', 'ADMIN', 2_000));
    tokens.set('Bearer other', contextOf('b', 'ADMIN', 3_000));
    const expiries: (number | null)[] = [];
    const core = createOperationCore({
      plugins: [
        { name: 'expiry', onConnection: (connection) => void connection.onCredentialChange((context) => expiries.push(context.credentialExpiresAt)) },
        answer,
      ],
      authenticate,
      onUnexpected,
    });
    const connection = core.open({ transport: 'ws', clientAddress: 'x', persistent: true, onEnd: () => {} });
    await connection.authenticate({ authorization: 'Bearer old', clientAddress: 'x' });
    expect((await connection.refresh('Bearer new')).credentialExpiresAt).toBe(2_000);
    await expect(connection.refresh('Bearer other')).rejects.toMatchObject({ code: 4403 });
    await expect(connection.refresh('Bearer forged')).rejects.toMatchObject({ code: 4403, status: 401 });
    expect(expiries).toEqual([1_000, 2_000]);
  });

  it('a refresh that lands while a re-verification of the old credential is in flight is kept: the old answer never overwrites it', async () => {
    const { tokens, authenticate } = tokenTable();
    tokens.set('Bearer old', contextOf('a', 'VIEWER', 1_000));
    tokens.set('Bearer new', contextOf('a', 'VIEWER', 2_000));
    const core = createOperationCore({ plugins: [answer], authenticate, onUnexpected });
    const connection = core.open({ transport: 'ws', clientAddress: 'x', persistent: true, onEnd: () => {} });
    await connection.authenticate({ authorization: 'Bearer old', clientAddress: 'x' });
    const refreshed = connection.refresh('Bearer new');
    await new Promise((resolve) => setImmediate(resolve));
    connection.reverify();
    await refreshed;
    expect((await connection.verified()).credentialExpiresAt).toBe(2_000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await connection.verified()).credentialExpiresAt).toBe(2_000);
  });

  it('a credential that cannot be checked (the users service does not answer) ends the connection as a downstream failure, not as revoked', async () => {
    let down = false;
    const authenticate = async () => {
      if (down) throw new AppError(ErrorCode.DOWNSTREAM_SERVICE_ERROR, 'Credentials cannot be checked right now; try again shortly.');
      return contextOf('a', 'VIEWER');
    };
    const ends: ConnectionEnd[] = [];
    const core = createOperationCore({ plugins: [answer], authenticate, onUnexpected });
    const connection = core.open({ transport: 'ws', clientAddress: 'x', persistent: true, onEnd: (end) => ends.push(end) });
    await connection.authenticate({ authorization: 'Bearer a', clientAddress: 'x' });
    down = true;
    connection.reverify();
    await expect(connection.verified()).rejects.toThrow();
    expect(ends.map((end) => [end.code, end.error?.extensions?.code])).toEqual([[GatewayCloseCode.InternalServerError, 'DOWNSTREAM_SERVICE_ERROR']]);
  });

  it('checks open connections again as often as the caches would (no announcement needed), and leaves anonymous ones alone', async () => {
    const { tokens, authenticate } = tokenTable();
    tokens.set('Bearer a', contextOf('a', 'VIEWER'));
    tokens.set('', { identity: { userId: null, role: null, scopes: null, clientAddress: 'x' }, credentialExpiresAt: null, apiKeyPrefix: null });
    const ends: number[] = [];
    const core = createOperationCore({ plugins: [useCredentialRecheck({ tokenEveryMs: 0, apiKeyEveryMs: 60_000 }), answer], authenticate, onUnexpected });
    const open = async (authorization: string) => {
      const connection = core.open({ transport: 'sse', clientAddress: 'x', persistent: true, onEnd: (end) => ends.push(end.code) });
      await connection.authenticate({ authorization, clientAddress: 'x' });
      return connection;
    };
    const signedIn = await open('Bearer a');
    const anonymous = await open('');
    tokens.delete('Bearer a');
    tokens.delete('');
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(ends).toEqual([4403]);
    expect(signedIn.closed).toBe(true);
    expect(anonymous.closed).toBe(false);
    core.close();
  });
});
