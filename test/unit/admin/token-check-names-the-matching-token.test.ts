import { describe, expect, it } from 'vitest';
import { tokenMatcher } from '../../../proxy/admin/tokenCheck.ts';

describe('admin token check', () => {
  const match = tokenMatcher([
    { name: 'alice', token: 'alice-token-0123456789' },
    { name: 'ci', token: 'ci-token-abcdefghijklmn' },
  ]);

  it('returns the name of the token presented', () => {
    expect(match('alice-token-0123456789')).toBe('alice');
    expect(match('ci-token-abcdefghijklmn')).toBe('ci');
  });

  it('rejects a wrong, truncated, extended or empty token', () => {
    expect(match('alice-token-0123456780')).toBeUndefined();
    expect(match('alice-token-012345678')).toBeUndefined();
    expect(match('alice-token-0123456789x')).toBeUndefined();
    expect(match('')).toBeUndefined();
  });
});
