import type WebSocket from 'ws';

/** Limits of one connection's outgoing buffer. */
export interface SocketWriterOptions {
  /** Above this many bytes buffered in the socket, messages wait in the writer instead. */
  readonly highWaterMarkBytes: number;
  /** Above this many bytes waiting in the writer, the client is too far behind. */
  readonly maxPendingBytes: number;
  /** A client whose messages have waited this long without progress is too far behind. */
  readonly maxStallMs: number;
  /** Called once when the client is too far behind; the caller closes the connection. */
  readonly onTooSlow: () => void;
}

const flushIntervalMs = 20;
const textFrame = { binary: false } as const;

/**
 * Writes to one WebSocket without letting a slow client grow memory without bound. While the
 * socket's own buffer is above the high-water mark, messages wait here: those with a conflation
 * key replace the waiting message with the same key (latest wins), the others queue in order.
 * Past the pending-bytes limit, or without progress for too long, `onTooSlow` fires once.
 */
export class SocketWriter {
  readonly #pending = new Map<string, string | Buffer>();
  #pendingBytes = 0;
  #sequence = 0;
  #timer: NodeJS.Timeout | undefined;
  #stalledSince = 0;
  #tooSlow = false;
  /** Messages replaced by a newer one with the same key before they were sent. */
  conflated = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: SocketWriterOptions,
  ) {}

  /**
   * Sends a text `message` now or queues it. Messages with a `conflationKey` (within `scope`,
   * e.g. the operation id) replace a waiting message with the same scope and key; null: never
   * replaced. The composite key is only built when the message has to wait.
   */
  send(message: string | Buffer, scope = '', conflationKey: string | null = null): void {
    if (this.#tooSlow || this.socket.readyState !== this.socket.OPEN) return;
    if (this.#pending.size === 0 && this.socket.bufferedAmount < this.options.highWaterMarkBytes) {
      this.socket.send(message, textFrame);
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
    if (this.#pendingBytes > this.options.maxPendingBytes) return this.#giveUp();
    if (!this.#timer) {
      this.#stalledSince = Date.now();
      this.#timer = setInterval(() => this.#flush(), flushIntervalMs);
    }
  }

  /** Stops the flush timer and drops what is waiting (the connection is closing). */
  dispose(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
    this.#pendingBytes = 0;
  }

  #flush(): void {
    if (this.socket.readyState !== this.socket.OPEN) return this.dispose();
    let progressed = false;
    for (const [key, message] of this.#pending) {
      if (this.socket.bufferedAmount >= this.options.highWaterMarkBytes) break;
      this.#pending.delete(key);
      this.#pendingBytes -= message.length;
      this.socket.send(message, textFrame);
      progressed = true;
    }
    if (this.#pending.size === 0) return this.dispose();
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
