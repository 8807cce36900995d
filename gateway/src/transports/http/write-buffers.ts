/** Settings of a pool of write buffers. */
export interface WriteBufferOptions {
  /** Texts shorter than this are encoded into a buffer of their own (Node pools small buffers itself). */
  readonly minChars?: number;
  /** Texts longer than this are encoded into a buffer of their own (a rare huge answer does not stay pooled). */
  readonly maxChars?: number;
  /** Most bytes of idle buffers the pool keeps. */
  readonly maxIdleBytes?: number;
}

/** Bytes encoded for one write, and what to call once the socket no longer needs them. */
export interface EncodedText {
  readonly bytes: Buffer;
  /** Gives the memory back for later writes: call it once the bytes were handed to the operating system, and never if they might still be read. */
  release(): void;
}

/** A pool of write buffers (see `createWriteBuffers`). */
export interface WriteBuffers {
  /** The text as UTF-8, in a pooled buffer when it is large. */
  encode(text: string): EncodedText;
  /** Bytes held by idle buffers. */
  idleBytes(): number;
}

const noRelease = () => {};
const smallestClass = 1 << 16;

/**
 * Reusable buffers for encoding large JSON answers as UTF-8. `Buffer.from(text)` on an answer of
 * 100 KB takes a fresh allocation whose pages the kernel must map on first write (most of its
 * cost, measured ten times the encoding itself), and leaves memory outside the JavaScript heap
 * that lives until a garbage collection finds its buffer (under load, tens of MB of the process's
 * RSS). Buffers here are encoded into again once their answer was written: a bounded free list per
 * power-of-two size, hand-written because it is a few lines and no library pools buffers for
 * `socket.write`.
 */
export function createWriteBuffers(options: WriteBufferOptions = {}): WriteBuffers {
  const minChars = options.minChars ?? 16 * 1024;
  const maxChars = options.maxChars ?? 2 * 1024 * 1024;
  const maxIdleBytes = options.maxIdleBytes ?? 16 * 1024 * 1024;
  const idle = new Map<number, Buffer[]>();
  let idleBytes = 0;

  const own = (text: string): EncodedText => ({ bytes: Buffer.from(text), release: noRelease });

  return {
    encode(text: string): EncodedText {
      if (text.length < minChars || text.length > maxChars) return own(text);
      // Most answers are ASCII (one byte per character): room for that, plus a margin for some wider characters.
      let size = smallestClass;
      while (size < text.length + (text.length >> 3) + 8) size *= 2;
      let buffer = idle.get(size)?.pop();
      if (buffer) idleBytes -= size;
      else buffer = Buffer.allocUnsafeSlow(size);
      const written = buffer.write(text, 0, size, 'utf8');
      // `write` stops before a character that does not fit: only a write that ends short of the last 4 bytes surely holds the whole text.
      if (written > size - 4) {
        giveBack(buffer);
        return own(text);
      }
      let released = false;
      return {
        bytes: buffer.subarray(0, written),
        release: () => {
          if (released) return;
          released = true;
          giveBack(buffer);
        },
      };
    },
    idleBytes: () => idleBytes,
  };

  function giveBack(buffer: Buffer): void {
    if (idleBytes + buffer.length > maxIdleBytes) return;
    let list = idle.get(buffer.length);
    if (!list) idle.set(buffer.length, (list = []));
    list.push(buffer);
    idleBytes += buffer.length;
  }
}
