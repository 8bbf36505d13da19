// The V8 settings `strangler start` runs the proxy with, chosen by measurement (docs/BENCHMARKS.md,
// "V8 young generation" and "After idle"): a 32 MiB young generation, and no memory-reducer GC while idle
// (it dropped the optimized code of ~200 functions, so the first requests after a quiet spell queued
// behind recompilation: p99 150 ms at 2,000 req/s on one core). A young-generation size only takes effect from node's command line:
// v8.setFlagsFromString after start-up does not resize it. So the bin re-runs node once with the flags
// (relaunch.js), and node:cluster workers inherit them (cluster's execArgv defaults to the primary's).
// The user's NODE_OPTIONS wins: a flag named there, or on node's own command line, is not added.
export const PRODUCTION_V8_FLAGS = ['--max-semi-space-size=32', '--no-memory-reducer'];
/** Set for the relaunched process, so it never relaunches again. */
export const RELAUNCHED_ENV = 'STRANGLER_V8_RELAUNCHED';

/** `--max_semi_space_size=8` and `--max-semi-space-size 8` name the same flag, as do `--memory-reducer` and `--no-memory-reducer`. */
const flagName = (arg) => arg.replace(/^--?/, '').split('=')[0].replaceAll('_', '-').replace(/^no-/, '');

/**
 * @param {readonly string[]} execArgv node's own command-line options (process.execArgv)
 * @param {string | undefined} nodeOptions the NODE_OPTIONS the user set
 * @returns {string[]} the production flags that neither names
 */
export function missingV8Flags(execArgv, nodeOptions = '') {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/)].filter((arg) => arg.startsWith('-')).map(flagName));
  return PRODUCTION_V8_FLAGS.filter((flag) => !given.has(flagName(flag)));
}
