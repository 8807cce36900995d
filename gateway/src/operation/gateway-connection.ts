import { AppError, ErrorCode, internalErrorMessage } from '@cryptograph/core/base';
import type { Credentials, GatewayContext } from '../context.js';
import { ConnectionRefused, GatewayCloseCode, type ConnectionEnd } from './connection-end.js';
import { hasSameAuthority, isSameOrNarrower } from './credential-authority.js';
import type { Operation, OperationRequest, TransportCapabilities, TransportKind } from './operation.js';
import type { EventSink, OperationOutcome, StreamOutcome } from './operation-outcome.js';
import { operationError } from './request-error.js';
import { withExtensions } from './serialized-result.js';

/** What a connection needs from the core it belongs to. */
export interface ConnectionHost {
  /** Verifies credentials (the gateway's context factory); throws an UNAUTHENTICATED AppError when they are not acceptable. */
  readonly authenticate: (credentials: Credentials) => Promise<GatewayContext>;
  /** Runs one operation through the plugins. */
  readonly run: (operation: Operation) => Promise<OperationOutcome>;
  /** Logs an error nothing should have raised. */
  readonly onUnexpected: (error: unknown) => void;
}

/** What a transport says about a connection it opens. */
export interface ConnectionOptions {
  readonly transport: TransportKind;
  readonly clientAddress: string;
  /** True for WebSocket and SSE connections, which outlive their operations; false for one HTTP request. */
  readonly persistent: boolean;
  /** Closes the transport's socket or stream when the core ends the connection (after its operations got `end.error`). */
  readonly onEnd: (end: ConnectionEnd) => void;
}

interface RunningStream {
  readonly sink: EventSink;
  stop(): void;
}

/** The error running operations get when their connection's credential was revoked or changed. */
const revokedEnd: ConnectionEnd = {
  code: GatewayCloseCode.Forbidden,
  reason: 'Credential revoked',
  error: { message: 'Your credential was revoked or changed; connect again with a valid one.', extensions: { code: ErrorCode.UNAUTHENTICATED } },
};

/** The end of a connection whose credential cannot be checked because the users service does not answer. */
const uncheckableEnd: ConnectionEnd = {
  code: GatewayCloseCode.InternalServerError,
  reason: 'Credential cannot be checked',
  error: {
    message: 'Your credential cannot be checked right now; connect again shortly.',
    extensions: { code: ErrorCode.DOWNSTREAM_SERVICE_ERROR, serviceName: 'users' },
  },
};

/** Adds the headers and `extensions` plugins set to a result, for transports that carry them (HTTP). */
function withMetadata(operation: Operation): (outcome: OperationOutcome) => OperationOutcome {
  return (outcome) => {
    if (outcome.kind !== 'result' || !operation.capabilities.metadata) return outcome;
    const { responseHeaders: headers, responseExtensions: extensions } = operation;
    if (!headers && !extensions) return outcome;
    return { ...outcome, headers, result: extensions ? withExtensions(outcome.result, extensions) : outcome.result };
  };
}

/**
 * Turns an authentication failure into a refusal the transports understand: a credential that is
 * not acceptable (4403 / HTTP 401), or one that cannot be checked because the users service does
 * not answer (4500 / HTTP 503, DOWNSTREAM_SERVICE_ERROR: try again, it may well be valid).
 */
function refusalOf(error: unknown, onUnexpected: (error: unknown) => void): ConnectionRefused {
  if (error instanceof ConnectionRefused) return error;
  if (error instanceof AppError && error.code === ErrorCode.UNAUTHENTICATED) {
    return new ConnectionRefused(GatewayCloseCode.Forbidden, 'Forbidden', { message: error.message, extensions: { code: ErrorCode.UNAUTHENTICATED } }, 401);
  }
  if (error instanceof AppError && error.code === ErrorCode.DOWNSTREAM_SERVICE_ERROR) {
    return new ConnectionRefused(
      GatewayCloseCode.InternalServerError,
      'Credential cannot be checked',
      { message: error.message, extensions: { code: ErrorCode.DOWNSTREAM_SERVICE_ERROR, serviceName: 'users' } },
      503,
    );
  }
  onUnexpected(error);
  return new ConnectionRefused(
    GatewayCloseCode.InternalServerError,
    'Internal server error',
    { message: internalErrorMessage, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } },
    500,
  );
}

/**
 * One client connection as the core sees it, whatever its transport: an HTTP request (one-shot)
 * or a WebSocket or SSE connection (long-lived). It holds the caller's verified context and the
 * credentials it came from, runs operations through the plugins, keeps track of its running
 * streams, and can be ended by the core (expiry, revocation, shutdown): the streams get the end's
 * error, then the transport closes. A live refresh replaces the credential with one of the same
 * user and no more authority; a revocation re-verifies it, and operations wait for that answer.
 */
export class GatewayConnection {
  readonly transport: TransportKind;
  readonly clientAddress: string;
  readonly persistent: boolean;
  #context: GatewayContext | undefined;
  #credentials: Credentials | undefined;
  #verification: Promise<unknown> | undefined;
  #end: ConnectionEnd | undefined;
  #disposed = false;
  // Created on first use: an HTTP request (a one-shot connection) never needs them.
  #streams: Set<RunningStream> | undefined;
  #cleanups: (() => void)[] | undefined;
  #credentialListeners: Set<(context: GatewayContext) => void> | undefined;

  constructor(
    private readonly host: ConnectionHost,
    private readonly options: ConnectionOptions,
  ) {
    this.transport = options.transport;
    this.clientAddress = options.clientAddress;
    this.persistent = options.persistent;
  }

  /** The verified caller; only valid once `authenticate` succeeded. */
  get context(): GatewayContext {
    if (!this.#context) throw new Error('The connection is not authenticated yet.');
    return this.#context;
  }

  /** True once `authenticate` succeeded. */
  get authenticated(): boolean {
    return this.#context !== undefined;
  }

  /** True once the core ended the connection or the transport disposed of it. */
  get closed(): boolean {
    return this.#end !== undefined || this.#disposed;
  }

  /** Verifies `credentials` once for this connection; throws ConnectionRefused when they are not acceptable. */
  async authenticate(credentials: Credentials): Promise<GatewayContext> {
    let context: GatewayContext;
    try {
      context = await this.host.authenticate(credentials);
    } catch (error) {
      throw refusalOf(error, this.host.onUnexpected);
    }
    this.#credentials = credentials;
    this.#setContext(context);
    return context;
  }

  /**
   * Replaces the connection's access token with `authorization` (a live refresh): it must verify,
   * name the same user with the same or a lower role and no wider scopes. Throws ConnectionRefused
   * otherwise (the transport then closes with 4403). When the authority narrows, running streams,
   * which still act with the old one, end with an error and may be started again.
   */
  async refresh(authorization: string): Promise<GatewayContext> {
    const current = await this.verified();
    const credentials: Credentials = { authorization, clientAddress: this.clientAddress };
    let next: GatewayContext;
    try {
      next = await this.host.authenticate(credentials);
    } catch (error) {
      throw refusalOf(error, this.host.onUnexpected);
    }
    if (!isSameOrNarrower(current, next)) {
      throw new ConnectionRefused(
        GatewayCloseCode.Forbidden,
        'Forbidden',
        { message: 'A refresh must carry a credential of the same user with the same or a lower role.', extensions: { code: ErrorCode.FORBIDDEN } },
        403,
      );
    }
    if (this.closed) throw new ConnectionRefused(GatewayCloseCode.Forbidden, 'Forbidden', revokedEnd.error!, 401);
    this.#credentials = credentials;
    this.#setContext(next);
    if (!hasSameAuthority(current, next)) {
      this.#stopStreams({ message: 'Your role changed; subscribe again.', extensions: { code: ErrorCode.FORBIDDEN } });
    }
    return next;
  }

  /**
   * Verifies the stored credentials again (something about them was revoked, or it is time to
   * check). Until the answer comes, operations wait (`verified`); a credential that no longer
   * passes, or now acts with a different authority, ends the connection (4403); one that cannot be
   * checked because the users service does not answer (past the caches' grace) ends it as a
   * downstream failure, so the client reconnects rather than signing in again. When a live refresh
   * replaced the credentials meanwhile, the new ones are verified instead: an answer about the old
   * ones never overwrites them.
   */
  reverify(): void {
    const credentials = this.#credentials;
    const before = this.#context;
    if (!credentials || !before || this.closed) return;
    const settle = (): boolean => {
      if (this.#verification !== verification) return false;
      this.#verification = undefined;
      if (this.#credentials === credentials) return true;
      this.reverify();
      return false;
    };
    const verification: Promise<unknown> = this.host.authenticate(credentials).then(
      (context) => {
        if (!settle()) return;
        if (!hasSameAuthority(before, context)) return this.end(revokedEnd);
        this.#setContext(context);
      },
      (error: unknown) => {
        if (!(error instanceof AppError)) this.host.onUnexpected(error);
        if (!settle()) return;
        this.end(error instanceof AppError && error.code === ErrorCode.DOWNSTREAM_SERVICE_ERROR ? uncheckableEnd : revokedEnd);
      },
    );
    this.#verification = verification;
  }

  /**
   * True when `credentials` (those of another request on this connection, e.g. an operation on a
   * reserved SSE stream) verify as the caller this connection acts for: the same user with the
   * same API key (or none), anonymous only for an anonymous connection. Throws ConnectionRefused
   * when they do not verify at all.
   */
  async sameCaller(credentials: Credentials): Promise<boolean> {
    const current = await this.verified();
    let presented: GatewayContext;
    try {
      presented = await this.host.authenticate(credentials);
    } catch (error) {
      throw refusalOf(error, this.host.onUnexpected);
    }
    return presented.identity.userId === current.identity.userId && presented.apiKeyPrefix === current.apiKeyPrefix;
  }

  /** The verified caller once no re-verification is pending; throws UNAUTHENTICATED (401) once the connection has ended. */
  async verified(): Promise<GatewayContext> {
    while (this.#verification) await this.#verification;
    if (this.closed || !this.#context) {
      throw operationError(revokedEnd.error!.message, ErrorCode.UNAUTHENTICATED, { status: 401 });
    }
    return this.#context;
  }

  /** Runs one operation through the plugins; never rejects (an unexpected failure is INTERNAL_SERVER_ERROR). */
  execute(request: OperationRequest, capabilities: TransportCapabilities): Promise<OperationOutcome> {
    const operation: Operation = {
      connection: this,
      request,
      capabilities,
      context: this.context,
      source: undefined,
      sourceHash: undefined,
      document: undefined,
      definition: undefined,
      variables: {},
      cost: 0,
      responseHeaders: undefined,
      responseExtensions: undefined,
    };
    return this.host.run(operation).then(withMetadata(operation), (error: unknown) => {
      this.host.onUnexpected(error);
      return { kind: 'result', result: { errors: [{ message: internalErrorMessage, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] }, status: 500 };
    });
  }

  /**
   * Starts a stream outcome as one of this connection's running operations, into `sink`. The
   * connection stops it when it ends (after sending the end's error). Returns how to stop it.
   */
  stream(outcome: StreamOutcome, sink: EventSink): () => void {
    let stopped = false;
    let stopUpstream: () => void = () => {};
    const running: RunningStream = {
      sink,
      stop: () => {
        if (stopped) return;
        stopped = true;
        this.#streams?.delete(running);
        stopUpstream();
      },
    };
    const settle = () => {
      stopped = true;
      this.#streams?.delete(running);
    };
    if (this.closed) return () => {};
    (this.#streams ??= new Set()).add(running);
    stopUpstream = outcome.start({
      next: (payload, conflationKey) => {
        if (!stopped) sink.next(payload, conflationKey);
      },
      error: (errors) => {
        if (stopped) return;
        settle();
        sink.error(errors);
      },
      complete: () => {
        if (stopped) return;
        settle();
        sink.complete();
      },
    });
    return running.stop;
  }

  /** Calls `listener` with the context each time it is set (authentication, refresh, re-verification); returns how to stop. */
  onCredentialChange(listener: (context: GatewayContext) => void): () => void {
    const listeners = (this.#credentialListeners ??= new Set());
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Registers work to run once when the connection is gone (plugins' `onConnection` cleanups). */
  addCleanup(cleanup: () => void): void {
    if (this.#disposed) cleanup();
    else (this.#cleanups ??= []).push(cleanup);
  }

  /** Ends the connection from the core's side: running streams get `end.error`, then the transport closes. */
  end(end: ConnectionEnd): void {
    if (this.closed) return;
    this.#end = end;
    this.#stopStreams(end.error);
    try {
      this.options.onEnd(end);
    } catch (error) {
      this.host.onUnexpected(error);
    }
    this.dispose();
  }

  /** The transport closed: stops every running stream silently and runs the cleanups. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#stopStreams(undefined);
    for (const cleanup of (this.#cleanups?.splice(0) ?? []).reverse()) {
      try {
        cleanup();
      } catch (error) {
        this.host.onUnexpected(error);
      }
    }
    this.#credentialListeners?.clear();
  }

  #stopStreams(error: ConnectionEnd['error']): void {
    if (!this.#streams) return;
    for (const running of [...this.#streams]) {
      running.stop();
      if (error) running.sink.error([error]);
    }
  }

  #setContext(context: GatewayContext): void {
    this.#context = context;
    if (this.#credentialListeners) for (const listener of [...this.#credentialListeners]) listener(context);
  }
}
