// bin/runtime.js: the bin runs dist/ only when the build's stamp exists and no source under proxy/ or
// services/ is newer than it; otherwise tsx runs the sources. STRANGLER_RUNTIME forces one.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHOSEN_ENV, chooseRuntime, RuntimeChoiceError, whyDistIsNotFresh } from '../../../bin/runtime.js';

const BUILT = new Date('2026-01-01T12:00:00Z');
const BEFORE = new Date(BUILT.getTime() - 60_000);
const AFTER = new Date(BUILT.getTime() + 1_000);

let root: string;

function file(relative: string, at: Date): string {
  const full = path.join(root, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, '// x\n');
  utimesSync(full, at, at);
  return full;
}

/** A repository with sources from before the build and a complete build; folders dated like their files. */
function builtRepository(): void {
  file('proxy/cli/strangler.ts', BEFORE);
  file('services/stack.ts', BEFORE);
  file('dist/proxy/cli/strangler.js', BUILT);
  file('dist/.build-stamp', BUILT);
  for (const dir of ['proxy/cli', 'proxy', 'services']) utimesSync(path.join(root, dir), BEFORE, BEFORE);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'strangler-runtime-'));
  builtRepository();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the bin runs dist/ only when it is fresh', () => {
  it('runs dist/ when the stamp exists and every source is older', () => {
    expect(whyDistIsNotFresh(root)).toBeUndefined();
    expect(chooseRuntime(root, {})).toBe('dist');
  });

  it('runs the sources through tsx when a source changed after the build', () => {
    file('proxy/cli/strangler.ts', AFTER);
    expect(whyDistIsNotFresh(root)).toBe(`${path.join('proxy', 'cli', 'strangler.ts')} changed after the last build`);
    expect(chooseRuntime(root, {})).toBe('tsx');
  });

  it('runs tsx when a source file was added or removed after the build (its folder changed)', () => {
    utimesSync(path.join(root, 'services'), AFTER, AFTER);
    expect(chooseRuntime(root, {})).toBe('tsx');
  });

  it('runs tsx without a stamp (never built, or a build is writing dist/ right now)', () => {
    rmSync(path.join(root, 'dist/.build-stamp'));
    expect(whyDistIsNotFresh(root)).toMatch(/not built/);
    expect(chooseRuntime(root, {})).toBe('tsx');
  });

  it('runs tsx when the compiled CLI is missing', () => {
    rmSync(path.join(root, 'dist/proxy/cli/strangler.js'));
    expect(chooseRuntime(root, {})).toBe('tsx');
  });

  it('runs dist/ when the source folders are absent, as in the container image (nothing can be newer)', () => {
    rmSync(path.join(root, 'proxy'), { recursive: true });
    rmSync(path.join(root, 'services'), { recursive: true });
    expect(whyDistIsNotFresh(root)).toBeUndefined();
    expect(chooseRuntime(root, { STRANGLER_RUNTIME: 'dist' })).toBe('dist');
  });

  it('with one source folder absent, the other is still compared', () => {
    rmSync(path.join(root, 'services'), { recursive: true });
    file('proxy/cli/strangler.ts', AFTER);
    expect(() => chooseRuntime(root, { STRANGLER_RUNTIME: 'dist' })).toThrow(
      /proxy.cli.strangler\.ts changed after the last build/,
    );
  });

  it('runs tsx when there is no dist/ at all', () => {
    rmSync(path.join(root, 'dist'), { recursive: true });
    expect(chooseRuntime(root, {})).toBe('tsx');
  });
});

describe('STRANGLER_RUNTIME forces one', () => {
  it('tsx runs the sources even with a fresh dist/', () => {
    expect(chooseRuntime(root, { STRANGLER_RUNTIME: 'tsx' })).toBe('tsx');
  });

  it('dist runs a fresh dist/', () => {
    expect(chooseRuntime(root, { STRANGLER_RUNTIME: 'dist' })).toBe('dist');
  });

  it('dist with a stale or missing build is an error that says to run npm run build', () => {
    file('services/stack.ts', AFTER);
    expect(() => chooseRuntime(root, { STRANGLER_RUNTIME: 'dist' })).toThrow(RuntimeChoiceError);
    expect(() => chooseRuntime(root, { STRANGLER_RUNTIME: 'dist' })).toThrow(
      /services.stack\.ts changed after the last build: run `npm run build`/,
    );
    rmSync(path.join(root, 'dist'), { recursive: true });
    expect(() => chooseRuntime(root, { STRANGLER_RUNTIME: 'dist' })).toThrow(/not built.*npm run build/);
  });

  it('an empty value means unset; any other value is an error', () => {
    expect(chooseRuntime(root, { STRANGLER_RUNTIME: '' })).toBe('dist');
    expect(() => chooseRuntime(root, { STRANGLER_RUNTIME: 'node' })).toThrow(/must be "tsx" or "dist"/);
  });
});

describe('a cluster worker runs what its primary runs', () => {
  it('takes the primary choice even when dist/ went stale since', () => {
    file('proxy/cli/strangler.ts', AFTER);
    expect(chooseRuntime(root, { [CHOSEN_ENV]: 'dist' }, true)).toBe('dist');
    expect(chooseRuntime(root, { [CHOSEN_ENV]: 'tsx' }, true)).toBe('tsx');
  });

  it('a process that is not a worker checks for itself', () => {
    expect(chooseRuntime(root, { [CHOSEN_ENV]: 'tsx' }, false)).toBe('dist');
  });
});
