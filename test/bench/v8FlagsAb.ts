// The V8-settings A/B behind the shipped flags: Strangler's legacy path (compiled build, run `npm run build`
// first) under each variant's node flags, interleaved in each round of one run, proxies pinned to core 1,
// load generator + upstream to core 0. Per run: req/s (autocannon, 50 connections), CPU µs per request,
// minor GCs, GC ms and promoted KiB per 10k requests.
// `npx tsx test/bench/v8FlagsAb.ts` (AB_ROUNDS, AB_SECONDS; AB_VARIANTS: variants separated by `;`, each
// the node flags of one proxy, `default` for none — by default V8's default and --max-semi-space-size
// 16 / 32 / 64 MiB, the young-generation A/B; AB_WEIGHT: the route weight, 100 for the in-process handler).
import { load, startTarget, type Target } from './proxyBench.ts';
import { LOAD_CORE, pin, pinningNote } from './pin.ts';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 4);
const SECONDS = Number(process.env.AB_SECONDS ?? 5);
const VARIANTS = (
  process.env.AB_VARIANTS ?? 'default;--max-semi-space-size=16;--max-semi-space-size=32;--max-semi-space-size=64'
)
  .split(';')
  .map((variant) => variant.trim())
  .filter(Boolean);

pin(process.pid, LOAD_CORE);
console.log(`method: ${pinningNote()}; ${ROUNDS} rounds × ${SECONDS} s per variant, interleaved; autocannon -c50`);
const legacy = await startTarget('legacy', { BENCH_TARGET: 'legacy' }, LOAD_CORE);
const targets: Target[] = [];
try {
  for (const variant of VARIANTS) {
    // On the bench child's command line (NODE_OPTIONS refuses some V8 flags), none for `default`:
    // V8 then picks its own (16 MiB max semi-space on 64-bit Node 20).
    const flags = variant === 'default' ? [] : variant.split(/\s+/);
    targets.push(
      await startTarget(
        variant,
        {
          BENCH_TARGET: 'strangler',
          BENCH_WEIGHT: process.env.AB_WEIGHT ?? '0',
          BENCH_COMPILED: '1',
          LEGACY_URL: legacy.url,
          NODE_OPTIONS: '',
        },
        undefined,
        { nodeFlags: flags },
      ),
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
  const reference = VARIANTS[0]!;
  for (const variant of VARIANTS) {
    const ratio = mean(rps[variant]!) / mean(rps[reference]!);
    console.log(
      `${variant}: ${Math.round(mean(rps[variant]!))} rps (${ratio.toFixed(2)}× ${reference})  ${mean(cpu[variant]!).toFixed(1)} µs CPU/req  GC ${mean(gc[variant]!).toFixed(1)} ms/10k req  ` +
        `${mean(minor[variant]!).toFixed(1)} minor GCs/10k  promoted ${mean(promoted[variant]!).toFixed(0)} KiB/10k`,
    );
  }
} finally {
  for (const target of [...targets, legacy]) await target.stop();
}
