// Same-run A/B of two compiled builds on the legacy path: a copy of dist/ from before a change
// (AB_BEFORE, e.g. `cp -r dist dist-before` before editing, inside the repository so its imports find
// node_modules, then `npm run build`) against dist/,
// interleaved in every round, proxies pinned to core 1, load generator + upstream to core 0.
// Per build: req/s (autocannon -c50), CPU µs per request, minor GCs, GC ms and promoted KiB per 10k
// requests, reported by the process under test. `AB_BEFORE=dist-before npx tsx test/bench/buildAb.ts`
// (AB_ROUNDS, AB_SECONDS).
import { PRODUCTION_V8_FLAGS } from '../../bin/v8Flags.js';
import { load, startTarget, type Target } from './proxyBench.ts';
import { LOAD_CORE, pin, pinningNote } from './pin.ts';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 6);
const SECONDS = Number(process.env.AB_SECONDS ?? 5);
const before = process.env.AB_BEFORE;
if (!before) throw new Error('AB_BEFORE must name a copy of dist/ from before the change (cp -r dist dist-before)');

pin(process.pid, LOAD_CORE);
console.log(
  `method: ${pinningNote()}; ${ROUNDS} rounds × ${SECONDS} s per build, interleaved; autocannon -c50; ${PRODUCTION_V8_FLAGS.join(' ')}`,
);
const legacy = await startTarget('legacy', { BENCH_TARGET: 'legacy' }, LOAD_CORE);
const base = {
  BENCH_TARGET: 'strangler',
  BENCH_WEIGHT: '0',
  BENCH_COMPILED: '1',
  LEGACY_URL: legacy.url,
  NODE_OPTIONS: '',
};
// On the command line, as the bin relaunches node (NODE_OPTIONS refuses --no-memory-reducer).
const shipped = { nodeFlags: PRODUCTION_V8_FLAGS };
const targets: Target[] = [
  await startTarget('before', { ...base, BENCH_DIST_DIR: before }, undefined, shipped),
  await startTarget('after', base, undefined, shipped),
];
const sums = new Map(targets.map((t) => [t.name, { rps: 0, cpu: 0, minor: 0, gcMs: 0, promotedKiB: 0 }]));
try {
  for (const target of targets) await load(target.url, 2); // warm-up
  for (let round = 1; round <= ROUNDS; round++) {
    const line: string[] = [];
    for (const target of round % 2 ? targets : [...targets].reverse()) {
      const cpu0 = await target.cpuMicros();
      const gc0 = await target.gcStats();
      const result = await load(target.url, SECONDS);
      const cpu1 = await target.cpuMicros();
      const gc1 = await target.gcStats();
      const n = Math.max(1, result.requests.total);
      const sum = sums.get(target.name)!;
      const sample = {
        rps: result.requests.average,
        cpu: (cpu1 - cpu0) / n,
        minor: ((gc1.scavenges - gc0.scavenges) * 1e4) / n,
        gcMs: ((gc1.gcMs - gc0.gcMs) * 1e4) / n,
        promotedKiB: ((gc1.promotedBytes - gc0.promotedBytes) * 1e4) / n / 1024,
      };
      for (const key of Object.keys(sample) as (keyof typeof sample)[]) sum[key] += sample[key];
      line.push(
        `${target.name} ${Math.round(sample.rps)} rps ${sample.cpu.toFixed(1)} µs/req promoted ${sample.promotedKiB.toFixed(0)} KiB/10k`,
      );
    }
    console.log(`round ${round}  ${line.join(' | ')}`);
  }
  for (const [name, sum] of sums) {
    const mean = (value: number) => value / ROUNDS;
    console.log(
      `${name.padEnd(7)} ${Math.round(mean(sum.rps))} rps  ${mean(sum.cpu).toFixed(1)} µs CPU/req  ${mean(sum.minor).toFixed(1)} minor GCs/10k  GC ${mean(sum.gcMs).toFixed(1)} ms/10k  promoted ${mean(sum.promotedKiB).toFixed(0)} KiB/10k`,
    );
  }
} finally {
  for (const target of [...targets, legacy]) await target.stop();
}
