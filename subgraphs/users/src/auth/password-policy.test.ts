import { describe, expect, it } from 'vitest';
import { passwordViolation } from './password-policy.js';

const owner = { username: 'alice_w', email: 'alice.wonder@example.com' };

describe('passwordViolation', () => {
  it.each([
    ['Correct-Horse-9', null],
    ['ümlaut-pässwörd', null],
    ['a1' + 'x'.repeat(126), null],
    ['Short-1', 'length'],
    ['a1' + 'x'.repeat(127), 'length'],
    ['', 'length'],
    ['1234567890-!', 'letter'],
    ['OnlyLettersHere', 'digit-or-symbol'],
    ['only letters here', 'digit-or-symbol'],
    ['my-ALICE_W-secret', 'no-username'],
    ['Alice.Wonder-2024', 'no-email'],
  ])('%j breaks %s', (password, rule) => {
    const error = passwordViolation(password, owner, 'newPassword');
    expect(error?.extensions ?? null).toEqual(rule ? { code: 'BAD_USER_INPUT', field: 'newPassword', rule } : null);
  });

  it('ignores very short email local parts', () => {
    expect(passwordViolation('Jo-is-here-42', { username: 'someone', email: 'jo@example.com' })).toBeNull();
  });
});
