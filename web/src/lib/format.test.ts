import { describe, expect, it } from 'vitest';
import { formatPercent } from './format';

describe('formatPercent', () => {
  it('signs changes and returns, and leaves sizes that cannot be negative (volatility) unsigned', () => {
    expect(formatPercent(0.0123)).toBe('+1.23%');
    expect(formatPercent(-0.0123)).toBe('-1.23%');
    expect(formatPercent(0.0227, 2, false)).toBe('2.27%');
    expect(formatPercent(null)).toBe('—');
  });
});
