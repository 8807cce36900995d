/** Receives one decoded message from a channel. */
export type EventHandler = (message: unknown) => void;

/**
 * Publish/subscribe between services: Redis pub/sub when REDIS_URL is set, an in-process bus on
 * embedded defaults. Messages are JSON.
 */
export interface EventBus {
  /** Sends `message` to every subscriber of `channel`, in every process on the same bus. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Calls `handler` for each message on `channel` until the returned function is called. */
  subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>>;
  /** Stops delivering and releases connections. */
  close(): Promise<void>;
  /** For buses over a server: true while its connections are ready (reported as a metric). */
  healthy?(): boolean;
  /**
   * For buses over a server: resolves once every message published on the bus before the call, by
   * any process, has reached this process's handlers (a round trip on the subscribing connection;
   * this relies on one Redis server ordering its replies, not on Redis Cluster's pub/sub). Rejects
   * when it cannot say so: the subscribing connection is down, or was lost meanwhile (messages
   * published then are lost). An in-process bus delivers before a publish's caller can act on it,
   * so it needs none.
   */
  caughtUp?(): Promise<void>;
  /** For buses over a server: how often the subscribing connection was lost so far (messages published meanwhile are not delivered). */
  interruptions?(): number;
}
