// The young-generation A/B behind the shipped V8 setting: Strangler's legacy path (compiled build, run
// `npm run build` first) with --max-semi-space-size 16 / 32 / 64 MiB against V8's default, interleaved in
// each round of one run, proxies pinned to core 1, load generator + upstream to core 0. Per run: req/s
// (autocannon, 50 connections), CPU µs per request, minor GCs, GC ms and promoted KiB per 10k requests.
// `npx tsx test/bench/semiSpaceAb.ts` (AB_ROUNDS, AB_SECONDS)
import { load, startTarget, type Target } from './proxyBench.ts';
import { LOAD_CORE, pin, pinningNote } from './pin.ts';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 4);
const SECONDS = Number(process.env.AB_SECONDS ?? 5);
const VARIANTS = ['default', '16', '32', '64'];

pin(process.pid, LOAD_CORE);
console.log(`method: ${pinningNote()}; ${ROUNDS} rounds × ${SECONDS} s per variant, interleaved; autocannon -c50`);
const legacy = await startTarget('legacy', { BENCH_TARGET: 'legacy' }, LOAD_CORE);
const targets: Target[] = [];
try {
  for (const size of VARIANTS) {
    // The bench child's NODE_OPTIONS: with nothing set here V8 picks its own default (16 MiB max on 64-bit Node 20).
    const nodeOptions = size === 'default' ? '' : `--max-semi-space-size=${size}`;
    targets.push(
      await startTarget(size, {
        BENCH_TARGET: 'strangler',
        BENCH_WEIGHT: '0',
        BENCH_COMPILED: '1',
        LEGACY_URL: legacy.url,
        NODE_OPTIONS: nodeOptions,
      }),
    );
  }
  for (const target of targets) await load(target.url, 2); // warm-up
  const rps: Record<string, number[]> = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const gc: Record<string, number[]> = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const minor: Record<string, number[]> = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const promoted: Record<string, number[]> = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    const line: string[] = [];
    for (const target of targets) {
      const before = await target.cpuMicros();
      const gcBefore = await target.gcStats();
      const result = await load(target.url, SECONDS);
      const perRequest = ((await target.cpuMicros()) - before) / Math.max(1, result.requests.total);
      const gcAfter = await target.gcStats();
      const per10k = (value: number) => (value * 10_000) / Math.max(1, result.requests.total);
      const gcMsPer10k = per10k(gcAfter.gcMs - gcBefore.gcMs);
      minor[target.name]!.push(per10k(gcAfter.scavenges - gcBefore.scavenges));
      promoted[target.name]!.push(per10k(gcAfter.promotedBytes - gcBefore.promotedBytes) / 1024);
      rps[target.name]!.push(result.requests.average);
      cpu[target.name]!.push(perRequest);
      gc[target.name]!.push(gcMsPer10k);
      line.push(
        `${target.name} ${Math.round(result.requests.average)} rps ${perRequest.toFixed(1)} µs/req gc ${gcMsPer10k.toFixed(1)} ms/10k`,
      );
    }
    console.log(`round ${round}  ${line.join(' | ')}`);
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  for (const size of VARIANTS) {
    const ratio = mean(rps[size]!) / mean(rps.default!);
    console.log(
      `${size.padEnd(8)} ${Math.round(mean(rps[size]!))} rps (${ratio.toFixed(2)}× default)  ${mean(cpu[size]!).toFixed(1)} µs CPU/req  GC ${mean(gc[size]!).toFixed(1)} ms/10k req  ` +
        `${mean(minor[size]!).toFixed(1)} minor GCs/10k  promoted ${mean(promoted[size]!).toFixed(0)} KiB/10k`,
    );
  }
} finally {
  for (const target of [...targets, legacy]) await target.stop();
}
