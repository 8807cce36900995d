import type { ServerResponse } from 'node:http';
import type WebSocket from 'ws';

/** Where a bounded writer writes: a WebSocket, or an SSE response. */
export interface WritableChannel {
  /** False once the channel is closed for good: writes are dropped. */
  readonly open: boolean;
  /** False while writes must wait (an SSE reservation whose stream is not attached yet). */
  readonly ready: boolean;
  /** Bytes written but not yet sent to the client. */
  readonly bufferedBytes: number;
  write(message: string | Buffer): void;
}

/** Limits of a bounded writer. */
export interface BoundedWriterOptions {
  /** Above this many bytes buffered in the channel, messages wait in the writer instead. */
  readonly highWaterMarkBytes: number;
  /** Above this many bytes waiting in the writer, the client is too far behind. */
  readonly maxPendingBytes: number;
  /**
   * The same limit while the channel is not ready yet (an SSE reservation whose stream was not
   * opened): a client that reserves and runs operations without ever reading gets much less room
   * than one that reads slowly (default: `maxPendingBytes`).
   */
  readonly maxPendingUnreadyBytes?: number;
  /** A client whose messages have waited this long without progress is too far behind. */
  readonly maxStallMs: number;
  /** Called once when the client is too far behind; the caller closes the connection. */
  readonly onTooSlow: () => void;
}

const flushIntervalMs = 20;
const textFrame = { binary: false } as const;

/** A WebSocket as a channel (text frames). */
export function webSocketChannel(socket: WebSocket): WritableChannel {
  return {
    get open() {
      return socket.readyState === socket.OPEN;
    },
    ready: true,
    get bufferedBytes() {
      return socket.bufferedAmount;
    },
    write: (message) => socket.send(message, textFrame),
  };
}

/** An HTTP response as a channel (an SSE stream); `response()` is undefined until the stream attaches, and writes wait until then. */
export function responseChannel(response: () => ServerResponse | undefined): WritableChannel {
  return {
    get open() {
      const current = response();
      return !current || (!current.destroyed && !current.writableEnded);
    },
    get ready() {
      return response() !== undefined;
    },
    get bufferedBytes() {
      return response()?.writableLength ?? 0;
    },
    write: (message) => void response()?.write(message),
  };
}

/**
 * Writes to one client without letting a slow (or never reading) client grow memory without
 * bound, whatever the transport. While the channel's own buffer is above the high-water mark (or
 * the channel is not ready yet), messages wait here: those with a conflation key replace the
 * waiting message with the same scope and key (latest wins), the others queue in order. Past the
 * pending-bytes limit, or without progress for too long, `onTooSlow` fires once.
 */
export class BoundedWriter {
  readonly #pending = new Map<string, string | Buffer>();
  #pendingBytes = 0;
  #sequence = 0;
  #timer: NodeJS.Timeout | undefined;
  #stalledSince = 0;
  #tooSlow = false;
  #idle: (() => void)[] = [];
  /** Messages replaced by a newer one with the same key before they were sent. */
  conflated = 0;

  constructor(
    private readonly channel: WritableChannel,
    private readonly options: BoundedWriterOptions,
  ) {}

  /** Bytes waiting in the writer. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /**
   * Sends a text `message` now or queues it. Messages with a `conflationKey` (within `scope`,
   * e.g. the operation id) replace a waiting message with the same scope and key; null: never
   * replaced. The composite key is only built when the message has to wait.
   */
  send(message: string | Buffer, scope = '', conflationKey: string | null = null): void {
    if (this.#tooSlow || !this.channel.open) return;
    if (this.#pending.size === 0 && this.channel.ready && this.channel.bufferedBytes < this.options.highWaterMarkBytes) {
      this.channel.write(message);
      return;
    }
    const key = conflationKey === null ? `#${this.#sequence++}` : `=${scope}\n${conflationKey}`;
    const replaced = this.#pending.get(key);
    if (replaced !== undefined) {
      this.#pending.delete(key);
      this.#pendingBytes -= replaced.length;
      this.conflated += 1;
    }
    this.#pending.set(key, message);
    this.#pendingBytes += message.length;
    const limit = this.channel.ready ? this.options.maxPendingBytes : (this.options.maxPendingUnreadyBytes ?? this.options.maxPendingBytes);
    if (this.#pendingBytes > limit) return this.#giveUp();
    if (!this.#timer) {
      this.#stalledSince = Date.now();
      this.#timer = setInterval(() => this.#flush(), flushIntervalMs);
    }
  }

  /** Writes what is waiting as far as the channel takes it now (e.g. when an SSE stream attaches). */
  flush(): void {
    if (this.#timer) this.#flush();
  }

  /** Calls `callback` once nothing is waiting in the writer (at once when nothing is); not after `dispose`. */
  whenIdle(callback: () => void): void {
    if (this.#pending.size === 0) callback();
    else this.#idle.push(callback);
  }

  /** Stops the flush timer and drops what is waiting (the connection is closing). */
  dispose(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
    this.#pendingBytes = 0;
    this.#idle = [];
  }

  #flush(): void {
    if (!this.channel.open) return this.dispose();
    let progressed = false;
    if (this.channel.ready) {
      for (const [key, message] of this.#pending) {
        if (this.channel.bufferedBytes >= this.options.highWaterMarkBytes) break;
        this.#pending.delete(key);
        this.#pendingBytes -= message.length;
        this.channel.write(message);
        progressed = true;
      }
    }
    if (this.#pending.size === 0) {
      const idle = this.#idle;
      this.dispose();
      for (const callback of idle) callback();
      return;
    }
    if (progressed) this.#stalledSince = Date.now();
    else if (Date.now() - this.#stalledSince > this.options.maxStallMs) this.#giveUp();
  }

  #giveUp(): void {
    if (this.#tooSlow) return;
    this.#tooSlow = true;
    this.dispose();
    this.options.onTooSlow();
  }
}
