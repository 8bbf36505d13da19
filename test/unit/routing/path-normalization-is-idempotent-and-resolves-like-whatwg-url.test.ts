// Path normalization (routing/normalizePath.ts): idempotent, never leaves a dot segment, `//` or an escaped
// unreserved character, and agrees with how a WHATWG-URL framework resolves the same path (dot segments,
// `%2e`, then merged slashes and decoded unreserved escapes).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { normalizePath } from '../../../proxy/routing/normalizePath.ts';

const PIECES = [
  '/',
  '/',
  '.',
  '..',
  'a',
  'b',
  '~',
  '-',
  '%2e',
  '%2E',
  '%41',
  '%7e',
  '%20',
  '%25',
  '%2f',
  '%5C',
  '%00',
  '%',
  '%zz',
  '\\',
  '/.',
  '/..',
];
const paths = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((parts) => `/${parts.join('')}`);
const SETTINGS = { seed: 1212, numRuns: 3_000 };

/** How frameworks built on WHATWG URL resolve a path, then merge slashes and decode unreserved escapes. */
function frameworkResolves(path: string): string {
  const resolved = new URL(`http://legacy.test${path}`).pathname.replace(/\/{2,}/g, '/');
  return resolved.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : escape.toUpperCase();
  });
}

it('is idempotent and leaves no dot segment, no "//" and no escaped unreserved character', () => {
  fc.assert(
    fc.property(paths, (path) => {
      const once = normalizePath(path);
      if (!once.ok) return;
      expect(once.path.startsWith('/')).toBe(true);
      expect(once.path).not.toContain('//');
      expect(once.path.split('/')).not.toContain('.');
      expect(once.path.split('/')).not.toContain('..');
      expect(once.path).not.toMatch(/%(?:[46][1-9A-F]|[57][0-9A]|3[0-9]|2D|2E|5F|7E)/i);
      expect(normalizePath(once.path)).toEqual(once);
    }),
    SETTINGS,
  );
});

it('resolves every path it accepts the way a WHATWG-URL framework does', () => {
  fc.assert(
    fc.property(paths, (path) => {
      const result = normalizePath(path);
      if (result.ok) expect(result.path).toBe(frameworkResolves(path));
    }),
    SETTINGS,
  );
});

it('refuses what a framework could read two ways, naming what was wrong', () => {
  for (const [path, named] of [
    ['/a%2Fb', '%2F'],
    ['/a%2fb', '%2F'],
    ['/a%5cb', '%5C'],
    ['/a%00', '%00'],
    ['/a%zz', '%zz'],
    ['/a%', '%'],
    ['/a\\..\\b', 'backslash'],
  ]) {
    const result = normalizePath(path!);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(named);
  }
});

it('accepts every path the generator makes that has no ambiguous form', () => {
  fc.assert(
    fc.property(paths, (path) => {
      const ambiguous = /%(?:2f|5c|00)|\\|%(?![0-9a-f]{2})/i.test(path);
      expect(normalizePath(path).ok).toBe(!ambiguous);
    }),
    SETTINGS,
  );
});
