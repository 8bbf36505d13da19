// Profiles one Strangler bench target under flat-out load: the compiled legacy path (or BENCH_* env as in
// proxyTargets.ts) with PROFILE_FLAGS on its node command line (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
// or `--trace-gc-nvp`), its stdout to PROFILE_OUT, pinned as the bench pins. `npx tsx test/bench/profileTarget.ts`
import { fork } from 'node:child_process';
import { openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PRODUCTION_V8_FLAGS } from '../../bin/v8Flags.js';
import { load, startTarget } from './proxyBench.ts';
import { LOAD_CORE, pin, PROXY_CORE } from './pin.ts';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const flags = (process.env.PROFILE_FLAGS ?? '--cpu-prof').split(/\s+/).filter(Boolean);
const out = openSync(process.env.PROFILE_OUT ?? '/dev/null', 'w');

pin(process.pid, LOAD_CORE);
const legacy = await startTarget('legacy', { BENCH_TARGET: 'legacy' }, LOAD_CORE);
const child = fork(fileURLToPath(new URL('./proxyTargets.ts', import.meta.url)), {
  execArgv: [...PRODUCTION_V8_FLAGS, ...flags, '--import', 'tsx'],
  env: {
    ...process.env,
    BENCH_TARGET: 'strangler',
    BENCH_WEIGHT: process.env.BENCH_WEIGHT ?? '0',
    BENCH_COMPILED: '1',
    LEGACY_URL: legacy.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  },
  stdio: ['ignore', out, 'inherit', 'ipc'],
});
pin(child.pid!, PROXY_CORE);
const url = await new Promise<string>((resolve) => child.once('message', (m) => resolve((m as { url: string }).url)));
await load(url, 2);
const result = await load(url, SECONDS);
console.log(`${Math.round(result.requests.average)} req/s over ${SECONDS} s`);
await new Promise((resolve) => {
  child.once('exit', resolve);
  child.send('stop');
});
await legacy.stop();
