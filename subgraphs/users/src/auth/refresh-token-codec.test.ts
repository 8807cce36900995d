import { describe, expect, it } from 'vitest';
import { generateRefreshToken, hashRefreshSecret, parseRefreshToken, refreshSecretMatches } from './refresh-token-codec.js';

describe('refresh token codec', () => {
  it('generates distinct tokens whose secret hashes to the stored hash', () => {
    const first = generateRefreshToken();
    const second = generateRefreshToken();
    expect(first.token).not.toBe(second.token);
    const parsed = parseRefreshToken(first.token);
    expect(parsed?.id).toBe(first.id);
    expect(hashRefreshSecret(parsed!.secret)).toBe(first.hash);
    expect(refreshSecretMatches(parsed!.secret, first.hash)).toBe(true);
    expect(refreshSecretMatches(parsed!.secret, second.hash)).toBe(false);
    expect(refreshSecretMatches(parsed!.secret, 'not-hex')).toBe(false);
  });

  it.each(['', 'abc', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', `${'0'.repeat(36)}.${'A'.repeat(43)}`, `${generateRefreshToken().token}.x`])(
    'rejects %j',
    (token) => {
      expect(parseRefreshToken(token)).toBeNull();
    },
  );
});
