import { describe, expect, it } from 'vitest';
import { parseUtcTimestamp } from './candle-csv.js';

describe('parseUtcTimestamp', () => {
  it('reads ISO-8601 UTC times, with or without seconds and fractions, in Z or +00:00', () => {
    expect(parseUtcTimestamp('2024-02-29T23:59:00Z')?.toISOString()).toBe('2024-02-29T23:59:00.000Z');
    expect(parseUtcTimestamp('2024-01-01T00:00Z')?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(parseUtcTimestamp('2024-01-01T00:00:00+00:00')?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(parseUtcTimestamp('2024-01-01T00:00:00.123456789Z')?.toISOString()).toBe('2024-01-01T00:00:00.123Z');
  });

  it('refuses dates that do not exist, other offsets, local times and other layouts', () => {
    for (const text of [
      '2024-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:00:60Z',
      '2024-01-01T00:00:00+01:00',
      '2024-01-01T00:00:00',
      '2024-01-01',
      '2024-01-01 00:00:00Z',
      '1704067200',
      '',
    ]) {
      expect(parseUtcTimestamp(text), text).toBeNull();
    }
  });
});
