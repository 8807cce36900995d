import { describe, expect, it } from 'vitest';
import { commonPasswords } from './common-passwords.js';
import { normalisePassword, passwordViolation } from './password-policy.js';

const owner = { username: 'alice_w', email: 'alice.wonder@example.com' };

describe('passwordViolation (NIST SP 800-63B)', () => {
  it.each([
    ['correct horse battery staple', null],
    ['Correct-Horse-9', null],
    ['abcdefghjk', null],
    ['lowercaseonlybutlong', null],
    ['ümlaut-pässwörd', null],
    ['8 chars!', null],
    ['😀 emoji passphrase 🐴', null],
    ['p'.repeat(1) + 'x1'.repeat(63), null],
    ['Short-1', 'length'],
    ['a1' + 'x'.repeat(127), 'length'],
    ['', 'length'],
    ['password', 'common'],
    ['PASSWORD1', 'common'],
    ['iloveyou', 'common'],
    ['qwertyuiop', 'common'],
    ['12345678', 'common'],
    ['Summer2024!', 'common'],
    ['!!Dragon123', 'common'],
    ['aaaaaaaaaaaa', 'repetitive'],
    ['xyzxyzxyzxyz', 'repetitive'],
    ['my-ALICE_W-secret', 'no-username'],
    ['Alice.Wonder-2024', 'no-email'],
  ])('%j breaks %s', (password, rule) => {
    const error = passwordViolation(password, owner, 'newPassword');
    expect(error?.extensions ?? null).toEqual(rule ? { code: 'BAD_USER_INPUT', field: 'newPassword', rule } : null);
  });

  it('counts characters after NFKC normalisation, and compares the normalised text', () => {
    expect(normalisePassword('ｐａｓｓｗｏｒｄ')).toBe('password');
    expect(passwordViolation('ｐａｓｓｗｏｒｄ', owner)?.extensions?.rule).toBe('common');
    expect(normalisePassword('e\u0301t\u00e9')).toBe(normalisePassword('\u00e9te\u0301'));
    expect(passwordViolation('ﬀ'.repeat(4) + 'zq', owner)).toBeNull();
    expect(passwordViolation('ﬀﬀﬀ', owner)?.extensions?.rule).toBe('length');
  });

  it('ignores very short email local parts', () => {
    expect(passwordViolation('Jo-is-here-42', { username: 'someone', email: 'jo@example.com' })).toBeNull();
  });

  it('ships a real list of tens of thousands of common passwords', () => {
    expect(commonPasswords().size).toBeGreaterThan(40_000);
    for (const password of ['123456', 'password', 'football', 'letmein', 'trustno1', 'sunshine']) expect(commonPasswords().has(password)).toBe(true);
  });
});
