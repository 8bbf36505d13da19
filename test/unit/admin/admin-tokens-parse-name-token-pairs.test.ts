import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdminTokens, parseAdminTokens } from '../../../proxy/admin/tokens.ts';

describe('admin tokens come from name=token pairs', () => {
  it('reads comma-separated pairs from STRANGLER_ADMIN_TOKENS', () => {
    const tokens = loadAdminTokens({ STRANGLER_ADMIN_TOKENS: 'alice=aaaaaaaaaaaaaaaa1, ci=bbbbbbbbbbbbbbbb2' });
    expect(tokens).toEqual([
      { name: 'alice', token: 'aaaaaaaaaaaaaaaa1' },
      { name: 'ci', token: 'bbbbbbbbbbbbbbbb2' },
    ]);
  });

  it('reads a token file with comments when STRANGLER_ADMIN_TOKEN_FILE is set', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'tokens-')), 'tokens');
    await writeFile(file, '# ops team\nalice=aaaaaaaaaaaaaaaa1\n\nbob=cccccccccccccccc3\n');
    expect(loadAdminTokens({ STRANGLER_ADMIN_TOKEN_FILE: file }).map((t) => t.name)).toEqual(['alice', 'bob']);
  });

  it('rejects a short token, a missing name and a duplicate name, saying how to fix it', () => {
    expect(() => parseAdminTokens('alice=short', 'env')).toThrow(/shorter than 16 characters — generate one with/);
    expect(() => parseAdminTokens('aaaaaaaaaaaaaaaaaaaa', 'env')).toThrow(/must be name=token/);
    expect(() => parseAdminTokens('a=aaaaaaaaaaaaaaaa1,a=bbbbbbbbbbbbbbbb2', 'env')).toThrow(/appears twice/);
  });

  it('no variables means no tokens', () => {
    expect(loadAdminTokens({})).toEqual([]);
  });
});
