import type { ExecutionResult, GraphQLFormattedError } from 'graphql';
import { conflationKeyOf, type DeliveryPolicy } from './delivery-policy.js';
import type { StreamLifecycle } from './stream-lifecycle.js';

/** One client subscription attached to a shared stream. */
export interface Subscriber {
  /** A resolved event: `payload` is the serialized `next` payload (UTF-8), shared by every subscriber. */
  next(payload: Buffer, conflationKey: string | null): void;
  error(errors: readonly GraphQLFormattedError[]): void;
  complete(): void;
}

/** What the upstream of a shared stream reports: its events' data, and how it ends or recovers. */
export interface StreamSink extends StreamLifecycle {
  next(data: Record<string, unknown>): void;
}

/** How a shared stream is fed and how its events are resolved. */
export interface StreamSource {
  readonly policy: DeliveryPolicy;
  readonly rootField: string;
  /** Opens the upstream subscription; returns how to close it. */
  open(sink: StreamSink): () => void;
  /** Resolves one event across the federation. */
  execute(eventData: Record<string, unknown>): Promise<ExecutionResult>;
  /** Formats the errors of a resolved event for clients. */
  formatErrors(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[];
  /** For resumable streams: the increasing id of an event, and what to do when it advances. */
  readonly resume?: { eventId(data: Record<string, unknown>): bigint | null; advance(id: bigint): void };
}

/** Counters of the hub, for tests and metrics. */
export interface HubStats {
  /** Shared streams currently open (one upstream subscription each). */
  streams: number;
  /** Client subscriptions attached to them. */
  subscribers: number;
  /** Upstream subscriptions opened since start. */
  upstreamOpened: number;
  /** Events received from upstream. */
  eventsReceived: number;
  /** Events resolved and serialized (once per event and stream). */
  eventsExecuted: number;
  /** Events replaced by a newer one before they were resolved. */
  eventsConflated: number;
  /** Payloads handed to subscribers. */
  deliveries: number;
  /** Events of resumable streams dropped because their id was already delivered. */
  duplicatesDropped: number;
  /** Times a stream's upstream became unreachable (its subscribers were told, and it was retried). */
  upstreamInterruptions: number;
}

/** Most events waiting to be resolved on one lossless stream before its subscribers are failed. */
const maxQueuedEvents = 10_000;

/** What waits in a stream's queue: an upstream event to resolve, or a ready payload (an interruption notice). */
type Queued = { readonly data: Record<string, unknown> } | { readonly notice: Buffer };

interface SharedStream {
  readonly source: StreamSource;
  readonly subscribers: Set<Subscriber>;
  /** Events waiting to be resolved, in order; conflating streams keep one per key. */
  readonly queue: Map<string, Queued>;
  /** While the upstream is unreachable: the notice subscribers got (new subscribers get it too). */
  outage: Buffer | null;
  sequence: number;
  /** Id of the newest event accepted on a resumable stream. */
  lastId: bigint | null;
  draining: boolean;
  /** How the upstream ended; subscribers learn it once the queued events are delivered. */
  ending: { readonly errors: readonly GraphQLFormattedError[] | null } | null;
  /** Set once the upstream subscription is closed; later callbacks from it are ignored. */
  closed: boolean;
  close: () => void;
}

/** Counters of a hub that has done nothing yet (also what metrics report before a hub exists). */
export function noHubStats(): HubStats {
  return {
    streams: 0,
    subscribers: 0,
    upstreamOpened: 0,
    eventsReceived: 0,
    eventsExecuted: 0,
    eventsConflated: 0,
    deliveries: 0,
    duplicatesDropped: 0,
    upstreamInterruptions: 0,
  };
}

/**
 * Shares one upstream subscription among identical client subscriptions (same document,
 * variables and authorization scope): each event is resolved once and serialized once, and the
 * same string goes to every subscriber. Events are resolved in arrival order; on conflating
 * streams an event still waiting is replaced by a newer one with the same key.
 */
export class SubscriptionHub {
  readonly #streams = new Map<string, SharedStream>();
  readonly #stats: HubStats = noHubStats();

  constructor(private readonly onUnexpected: (error: unknown) => void) {}

  /** A snapshot of the counters. */
  stats(): HubStats {
    let subscribers = 0;
    for (const stream of this.#streams.values()) subscribers += stream.subscribers.size;
    return { ...this.#stats, streams: this.#streams.size, subscribers };
  }

  /** Attaches `subscriber` to the stream `key`, opening it with `source()` when it is the first. */
  subscribe(key: string, source: () => StreamSource, subscriber: Subscriber): () => void {
    let stream = this.#streams.get(key);
    if (stream) {
      stream.subscribers.add(subscriber);
      if (stream.outage) subscriber.next(stream.outage, null);
    } else {
      stream = {
        source: source(),
        subscribers: new Set([subscriber]),
        queue: new Map(),
        outage: null,
        sequence: 0,
        lastId: null,
        draining: false,
        ending: null,
        closed: false,
        close: () => {},
      };
      this.#streams.set(key, stream);
      // The subscriber is attached first: an upstream may fail while it is being opened.
      this.#open(key, stream);
    }
    const attached = stream;
    return () => {
      if (!attached.subscribers.delete(subscriber) || attached.subscribers.size > 0) return;
      this.#end(key, attached);
    };
  }

  #open(key: string, stream: SharedStream): void {
    this.#stats.upstreamOpened += 1;
    const close = stream.source.open({
      next: (data) => this.#receive(key, stream, data),
      error: (errors) => this.#finish(key, stream, stream.source.formatErrors(errors)),
      complete: () => this.#finish(key, stream, null),
      interrupted: (errors) => this.#interrupt(stream, errors),
      restored: () => {
        stream.outage = null;
      },
    });
    // An upstream that ended while it was being opened is closed now that its close function exists.
    if (stream.closed) close();
    else stream.close = close;
  }

  /** Tells subscribers (after the events already queued) that the upstream is unreachable; they stay attached. */
  #interrupt(stream: SharedStream, errors: readonly GraphQLFormattedError[]): void {
    if (stream.ending || stream.closed || stream.outage) return;
    this.#stats.upstreamInterruptions += 1;
    stream.outage = Buffer.from(JSON.stringify({ data: null, errors }));
    stream.queue.set(`notice ${stream.sequence++}`, { notice: stream.outage });
    if (!stream.draining) void this.#drain(stream);
  }

  /** Ends a stream whose upstream ended: no new events, but those queued are still delivered first. */
  #finish(key: string, stream: SharedStream, errors: readonly GraphQLFormattedError[] | null): void {
    if (stream.closed || stream.ending) return;
    if (this.#streams.get(key) === stream) this.#streams.delete(key);
    stream.ending = { errors };
    if (!stream.draining) this.#notifyEnd(stream);
  }

  #notifyEnd(stream: SharedStream): void {
    const ending = stream.ending;
    if (!ending || stream.closed) return;
    stream.closed = true;
    stream.close();
    for (const subscriber of stream.subscribers) {
      if (ending.errors) subscriber.error(ending.errors);
      else subscriber.complete();
    }
  }

  #end(key: string, stream: SharedStream): void {
    if (this.#streams.get(key) !== stream || stream.closed) return;
    this.#streams.delete(key);
    stream.closed = true;
    stream.queue.clear();
    stream.close();
  }

  #receive(key: string, stream: SharedStream, data: Record<string, unknown>): void {
    if (stream.ending || stream.closed) return;
    this.#stats.eventsReceived += 1;
    const resume = stream.source.resume;
    if (resume) {
      const id = resume.eventId(data);
      if (id !== null) {
        if (stream.lastId !== null && id <= stream.lastId) {
          this.#stats.duplicatesDropped += 1;
          return;
        }
        stream.lastId = id;
        resume.advance(id);
      }
    }
    const conflationKey = conflationKeyOf(stream.source.policy, data, stream.source.rootField);
    const queueKey = conflationKey ?? String(stream.sequence++);
    if (conflationKey !== null && stream.queue.has(queueKey)) {
      stream.queue.delete(queueKey);
      this.#stats.eventsConflated += 1;
    }
    stream.queue.set(queueKey, { data });
    if (stream.queue.size > maxQueuedEvents) {
      const errors = [{ message: 'The subscription fell too far behind and was ended; subscribe again.', extensions: { code: 'RATE_LIMITED' } }];
      this.#end(key, stream);
      for (const subscriber of stream.subscribers) subscriber.error(errors);
      return;
    }
    if (!stream.draining) void this.#drain(stream);
  }

  async #drain(stream: SharedStream): Promise<void> {
    stream.draining = true;
    while (stream.queue.size > 0 && stream.subscribers.size > 0) {
      const [queueKey, queued] = stream.queue.entries().next().value as [string, Queued];
      stream.queue.delete(queueKey);
      if ('notice' in queued) {
        this.#send(stream, queued.notice, null);
        continue;
      }
      try {
        this.#deliver(stream, queued.data, await stream.source.execute(queued.data));
      } catch (error) {
        this.onUnexpected(error);
      }
    }
    stream.draining = false;
    this.#notifyEnd(stream);
  }

  #deliver(stream: SharedStream, data: Record<string, unknown>, result: ExecutionResult): void {
    this.#stats.eventsExecuted += 1;
    const errors = result.errors?.length ? stream.source.formatErrors(result.errors.map((error) => error.toJSON())) : undefined;
    const payload = Buffer.from(JSON.stringify(errors ? { data: result.data ?? null, errors } : { data: result.data ?? null }));
    this.#send(stream, payload, conflationKeyOf(stream.source.policy, data, stream.source.rootField));
  }

  #send(stream: SharedStream, payload: Buffer, conflationKey: string | null): void {
    for (const subscriber of stream.subscribers) subscriber.next(payload, conflationKey);
    this.#stats.deliveries += stream.subscribers.size;
  }
}
