import { describe, expect, it } from 'vitest';
import { createWriteBuffers } from './write-buffers.js';

const ascii = (chars: number, seed = 'a') => seed.repeat(chars);

describe('write buffers', () => {
  it('encodes large texts exactly as Buffer.from does, ASCII or not', () => {
    const buffers = createWriteBuffers();
    for (const text of [ascii(20_000), `${ascii(30_000)}é ✓ 😀 \u{10FFFF}`, '✓'.repeat(20_000), '✓'.repeat(30_000), `${ascii(65_000)}😀`, 'small é']) {
      const encoded = buffers.encode(text);
      expect(encoded.bytes.equals(Buffer.from(text))).toBe(true);
      encoded.release();
    }
  });

  it('encodes into the same memory again once released, never while a write may still read it', () => {
    const buffers = createWriteBuffers();
    const first = buffers.encode(ascii(40_000, 'x'));
    const second = buffers.encode(ascii(40_000, 'y'));
    expect(second.bytes.buffer).not.toBe(first.bytes.buffer);
    expect(first.bytes.toString()).toBe(ascii(40_000, 'x'));
    first.release();
    first.release();
    expect(buffers.idleBytes()).toBe(65_536);
    const third = buffers.encode(ascii(30_000, 'z'));
    expect(third.bytes.buffer).toBe(first.bytes.buffer);
    expect(third.bytes.toString()).toBe(ascii(30_000, 'z'));
    expect(second.bytes.toString()).toBe(ascii(40_000, 'y'));
    expect(buffers.idleBytes()).toBe(0);
  });

  it('keeps at most maxIdleBytes of idle buffers, and no buffer for small or huge texts', () => {
    const buffers = createWriteBuffers({ maxIdleBytes: 200_000, maxChars: 100_000 });
    const held = Array.from({ length: 5 }, () => buffers.encode(ascii(20_000)));
    for (const encoded of held) encoded.release();
    expect(buffers.idleBytes()).toBe(3 * 65_536);
    buffers.encode(ascii(100)).release();
    buffers.encode(ascii(150_000)).release();
    expect(buffers.idleBytes()).toBe(3 * 65_536);
  });
});
