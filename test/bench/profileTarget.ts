// Profiles one Strangler bench target under flat-out load: the compiled legacy path (or BENCH_* env as in
// proxyTargets.ts) with PROFILE_FLAGS on its node command line (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
// or `--trace-gc-nvp`), its stdout to PROFILE_OUT, pinned as the bench pins. `npx tsx test/bench/profileTarget.ts`
import { openSync } from 'node:fs';
import { PRODUCTION_V8_FLAGS } from '../../bin/v8Flags.js';
import { load, startTarget } from './proxyBench.ts';
import { LOAD_CORE, pin } from './pin.ts';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const flags = (process.env.PROFILE_FLAGS ?? '--cpu-prof').split(/\s+/).filter(Boolean);

pin(process.pid, LOAD_CORE);
const legacy = await startTarget('legacy', { BENCH_TARGET: 'legacy' }, LOAD_CORE);
const target = await startTarget(
  'strangler',
  {
    BENCH_TARGET: 'strangler',
    BENCH_WEIGHT: process.env.BENCH_WEIGHT ?? '0',
    BENCH_COMPILED: '1',
    LEGACY_URL: legacy.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  },
  undefined,
  {
    nodeFlags: [...PRODUCTION_V8_FLAGS, ...flags],
    stdout: openSync(process.env.PROFILE_OUT ?? '/dev/null', 'w'),
  },
);
await load(target.url, 2);
const result = await load(target.url, SECONDS);
console.log(`${Math.round(result.requests.average)} req/s over ${SECONDS} s`);
// stop() ends the target with a normal exit, so --cpu-prof writes its profile.
await target.stop();
await legacy.stop();
