// bin/v8Flags.js: which production V8 flags `strangler start` still has to add — none that node's own
// command line or the user's NODE_OPTIONS already names, in any spelling.
import { describe, expect, it } from 'vitest';
import { missingV8Flags, PRODUCTION_V8_FLAGS } from '../../../bin/v8Flags.js';

describe('missingV8Flags', () => {
  it('adds every production flag when nothing names it', () => {
    expect(PRODUCTION_V8_FLAGS).toContain('--max-semi-space-size=32');
    expect(missingV8Flags([], undefined)).toEqual(PRODUCTION_V8_FLAGS);
    expect(missingV8Flags(['--enable-source-maps'], '--max-old-space-size=512')).toEqual(PRODUCTION_V8_FLAGS);
  });

  it('adds none the user set in NODE_OPTIONS or on the command line, whatever the value or spelling', () => {
    expect(PRODUCTION_V8_FLAGS).toContain('--no-memory-reducer');
    expect(missingV8Flags([], '--max-semi-space-size=8')).toEqual(['--no-memory-reducer']);
    expect(missingV8Flags(['--memory-reducer'], '--inspect  --max_semi_space_size=64')).toEqual([]);
    expect(missingV8Flags(['--max-semi-space-size=16', '--no-memory_reducer'], '')).toEqual([]);
    expect(missingV8Flags(['--memory-reducer'], '')).toEqual(['--max-semi-space-size=32']);
  });
});
