// The after-idle A/B behind `--no-memory-reducer` (bin/v8Flags.js): Strangler's legacy path (compiled build,
// run `npm run build` first) with the shipped V8 flags and with V8's memory reducer left on, both warmed
// flat out, then in each round both sit idle for AB_IDLE_MS (default 40 s) and take AB_MS (default 3 s) of
// open-loop load at AB_RATE req/s (default 2,000), order alternating. An idle V8 process's memory-reducer GC
// drops the maps its optimized code depends on, so the first requests after a quiet spell run unoptimized
// while ~200 functions recompile on the same core (docs/BENCHMARKS.md "After idle").
// `npx tsx test/bench/afterIdleAb.ts` (AB_ROUNDS, default 6). Pinned as the proxy bench pins.
import { PRODUCTION_V8_FLAGS } from '../../bin/v8Flags.js';
import { LOAD_CORE, pin, pinningNote, PROXY_CORE } from './pin.ts';
import { load, startTarget, type Target } from './proxyBench.ts';
import { latencyAtFixedRate } from './proxyFixedRate.ts';
import { median } from './proxyReport.ts';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 6);
const IDLE_MS = Number(process.env.AB_IDLE_MS ?? 40_000);
const RUN_MS = Number(process.env.AB_MS ?? 3_000);
const RATE = Number(process.env.AB_RATE ?? 2_000);
const reducerOn = PRODUCTION_V8_FLAGS.filter((flag) => flag !== '--no-memory-reducer');
const VARIANTS: [string, readonly string[]][] = [
  [`shipped (${PRODUCTION_V8_FLAGS.join(' ')})`, PRODUCTION_V8_FLAGS],
  [`memory reducer on (${reducerOn.join(' ')})`, reducerOn],
];

pin(process.pid, LOAD_CORE);
console.log(
  `method: ${pinningNote()}; ${ROUNDS} rounds, each ${IDLE_MS / 1000} s idle then ${RUN_MS / 1000} s at ${RATE} req/s per variant (order alternating); p99 / max ms`,
);
const legacy = await startTarget('legacy', { BENCH_TARGET: 'legacy' }, LOAD_CORE);
const targets: Target[] = [];
try {
  const env = {
    BENCH_TARGET: 'strangler',
    BENCH_WEIGHT: '0',
    BENCH_COMPILED: '1',
    LEGACY_URL: legacy.url,
    NODE_OPTIONS: '',
  };
  for (const [name, nodeFlags] of VARIANTS) targets.push(await startTarget(name, env, PROXY_CORE, { nodeFlags }));
  for (const target of targets) {
    await load(target.url, 2);
    await load(target.url, 8);
  }
  const p99s = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const line: string[] = [];
    for (const target of round % 2 ? targets : [...targets].reverse()) {
      const result = await latencyAtFixedRate(`${target.url}/bench`, RATE, RUN_MS);
      p99s.get(target.name)!.push(result.p99Us / 1000);
      line.push(
        `${target.name} ${(result.p99Us / 1000).toFixed(1)} / ${(result.maxUs / 1000).toFixed(1)} failed ${result.failed}`,
      );
    }
    console.log(`round ${round}  ${line.join(' | ')}`);
  }
  for (const [name, values] of p99s)
    console.log(
      `${name}: p99 after idle median ${median(values).toFixed(1)} ms, worst ${Math.max(...values).toFixed(1)} ms, ` +
        `${values.filter((v) => v > 10).length} of ${values.length} rounds over 10 ms`,
    );
} finally {
  for (const target of [...targets, legacy]) await target.stop();
}
