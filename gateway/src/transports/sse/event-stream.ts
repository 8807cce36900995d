import type { FormattedExecutionResult } from 'graphql';
import { print } from 'graphql-sse';
import type { ServerResponse } from 'node:http';
import { BoundedWriter, responseChannel, type BoundedWriterOptions } from '../bounded-writer.js';

/** The headers of an event stream response. */
const streamHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Tells nginx-like proxies not to buffer the stream.
  'x-accel-buffering': 'no',
} as const;

const messageEnd = Buffer.from('\n\n');
const distinctNextPrefix = Buffer.from('event: next\ndata: ');
const keepAlive = ':\n\n';

/** What an event stream needs. */
export interface EventStreamOptions {
  /** Limits of the stream's bounded writer (`maxPendingUnreadyBytes`: what may wait before the response is attached). */
  readonly writer: Omit<BoundedWriterOptions, 'onTooSlow'>;
  /** Interval of the keep-alive comment lines that keep proxies from closing an idle stream. */
  readonly keepAliveMs: number;
  /** The client cannot keep up: the owner ends the connection. */
  readonly onTooSlow: () => void;
  /** The response closed (the client went away, or the stream ended). */
  readonly onClosed: () => void;
}

/**
 * One `text/event-stream` response of the graphql-sse protocol: `next` and `complete` events, for
 * one operation (distinct connections mode, no ids) or many (single connection mode, each event
 * carrying its operation's id). Everything goes through a bounded writer, so a client that never
 * reads cannot make the gateway buffer without bound; until the response is attached (a
 * reservation waiting for its GET) events wait in the writer. Shared serialized payloads are
 * spliced into their event without parsing; other events are printed with graphql-sse's own printer.
 */
export class EventStream {
  readonly #writer: BoundedWriter;
  #response: ServerResponse | undefined;
  #keepAlive: NodeJS.Timeout | undefined;
  #ending = false;
  #finished = false;
  #closed = false;

  constructor(private readonly options: EventStreamOptions) {
    this.#writer = new BoundedWriter(
      responseChannel(() => this.#response),
      {
        ...options.writer,
        onTooSlow: () => {
          this.#finish(true);
          options.onTooSlow();
        },
      },
    );
  }

  /** True once a response is attached. */
  get attached(): boolean {
    return this.#response !== undefined;
  }

  /** Starts streaming on `response`: headers, a first comment (some browsers wait for bytes), keep-alives, and what was waiting. */
  attach(response: ServerResponse): void {
    this.#response = response;
    // A client gone before or while streaming: the stream is over (and a write error is not a crash).
    response.on('error', () => this.#close());
    if (response.destroyed) return this.#close();
    response.writeHead(200, streamHeaders);
    response.write(keepAlive);
    response.once('close', () => this.#close());
    this.#keepAlive = setInterval(() => this.#writer.send(keepAlive, '', 'keep-alive'), this.options.keepAliveMs);
    this.#keepAlive.unref();
    this.#writer.flush();
  }

  /** A shared serialized result of operation `id` (null in distinct connections mode). */
  nextPayload(id: string | null, payload: Buffer, conflationKey: string | null): void {
    const prefix = id === null ? distinctNextPrefix : Buffer.from(`event: next\ndata: {"id":${JSON.stringify(id)},"payload":`);
    const suffix = id === null ? messageEnd : Buffer.from('}\n\n');
    this.#writer.send(Buffer.concat([prefix, payload, suffix]), id ?? '', conflationKey);
  }

  /** One result of operation `id` (null in distinct connections mode). */
  nextResult(id: string | null, result: FormattedExecutionResult): void {
    this.#writer.send(id === null ? print({ event: 'next', data: result as never }) : print({ event: 'next', data: { id, payload: result as never } }));
  }

  /** Operation `id` is complete (null in distinct connections mode). */
  complete(id: string | null): void {
    this.#writer.send(id === null ? print({ event: 'complete', data: null }) : print({ event: 'complete', data: { id } }));
  }

  /** Ends the response once what is waiting has been written (the writer gives up on a client that does not read). */
  end(): void {
    clearInterval(this.#keepAlive);
    if (this.#ending) return;
    this.#ending = true;
    if (!this.#response) return this.#finish(false);
    this.#writer.whenIdle(() => this.#finish(false));
  }

  /** Ends the response: gracefully, or by destroying the socket of a client that does not read. */
  #finish(destroy: boolean): void {
    if (this.#finished) return;
    this.#finished = true;
    clearInterval(this.#keepAlive);
    this.#writer.dispose();
    const response = this.#response;
    if (!response) return this.#close();
    if (destroy) response.destroy();
    else if (!response.writableEnded) response.end();
  }

  /** The stream is over (its response closed, or there never was one): tells the owner, once. */
  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#finished = true;
    clearInterval(this.#keepAlive);
    this.#writer.dispose();
    this.options.onClosed();
  }
}
