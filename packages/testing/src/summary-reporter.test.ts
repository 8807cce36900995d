import { describe, expect, it } from 'vitest';
import { formatSummary } from './summary-reporter.js';

describe('formatSummary', () => {
  it('prints passed and failed, and skipped only when some were skipped', () => {
    expect(formatSummary({ passed: 12, failed: 0, skipped: 0 })).toBe('tests: 12 passed, 0 failed');
    expect(formatSummary({ passed: 3, failed: 2, skipped: 4 })).toBe('tests: 3 passed, 2 failed, 4 skipped');
  });
});
