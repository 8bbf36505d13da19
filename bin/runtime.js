// Which code the `strangler` bin runs: the compiled JavaScript in dist/ (`npm run build`) or the
// TypeScript sources through tsx.
//
// Why: compiled, the proxy costs 8–20 % less CPU per request than under tsx (docs/BENCHMARKS.md "Proxy overhead"), so
// production should run dist/. But a developer who edits a source and runs `strangler` must never run
// stale code, and must not need a build. So dist/ counts only when it is fresh: the stamp that
// scripts/build.js writes last (a half-written or running build has none) exists, and no file or folder
// under proxy/ or services/ is newer than it. Otherwise tsx runs the sources, as with no build at all.
// STRANGLER_RUNTIME=tsx|dist forces one; dist when it is not fresh is an error, not a silent fallback.
// A source folder that is absent counts as unchanged: a container image (Dockerfile) ships dist/ without
// proxy/ and services/, and there is no source that could be newer than the build.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const DIST_DIR = 'dist';
/** Written last by scripts/build.js; its mtime is when the build started reading the sources. */
export const STAMP_FILE = '.build-stamp';
export const SOURCE_DIRS = ['proxy', 'services'];
/** The bin's entry point, relative to dist/. */
export const COMPILED_CLI = 'proxy/cli/strangler.js';
/** Set by the bin for its children: a cluster worker runs what its primary runs, even if dist/ changed since. */
export const CHOSEN_ENV = 'STRANGLER_RUNTIME_CHOSEN';

export class RuntimeChoiceError extends Error {}

/**
 * @param {string} root the repository root (holds dist/, proxy/, services/)
 * @param {NodeJS.ProcessEnv} env
 * @param {boolean} isClusterWorker
 * @returns {'dist' | 'tsx'}
 */
export function chooseRuntime(root, env = process.env, isClusterWorker = false) {
  const inherited = env[CHOSEN_ENV];
  if (isClusterWorker && (inherited === 'dist' || inherited === 'tsx')) return inherited;
  const forced = env.STRANGLER_RUNTIME || undefined;
  if (forced !== undefined && forced !== 'dist' && forced !== 'tsx') {
    throw new RuntimeChoiceError(`STRANGLER_RUNTIME must be "tsx" or "dist", not "${forced}"`);
  }
  if (forced === 'tsx') return 'tsx';
  const notFresh = whyDistIsNotFresh(root);
  if (notFresh === undefined) return 'dist';
  if (forced === 'dist') throw new RuntimeChoiceError(`STRANGLER_RUNTIME=dist, but ${notFresh}: run \`npm run build\``);
  return 'tsx';
}

/**
 * @param {string} root
 * @returns {string | undefined} why dist/ must not run, or undefined when it is fresh
 */
export function whyDistIsNotFresh(root) {
  const dist = path.join(root, DIST_DIR);
  let builtAt;
  try {
    builtAt = statSync(path.join(dist, STAMP_FILE)).mtimeMs;
    statSync(path.join(dist, COMPILED_CLI));
  } catch {
    return `${DIST_DIR}/ is not built (or a build is running)`;
  }
  try {
    for (const dir of SOURCE_DIRS) {
      const newer = newerThan(path.join(root, dir), builtAt);
      if (newer !== undefined) return `${path.relative(root, newer)} changed after the last build`;
    }
  } catch (error) {
    return `the sources could not be compared with the build (${error instanceof Error ? error.message : String(error)})`;
  }
  return undefined;
}

/**
 * The first file or folder under dir (dir included) modified after `since`; a folder changes when a file is
 * added, removed or renamed. A missing dir has nothing newer (an image without sources).
 */
function newerThan(dir, since) {
  let modified;
  try {
    modified = statSync(dir).mtimeMs;
  } catch (error) {
    if (error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  if (modified > since) return dir;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const newer = entry.isDirectory() ? newerThan(full, since) : statSync(full).mtimeMs > since ? full : undefined;
    if (newer !== undefined) return newer;
  }
  return undefined;
}
