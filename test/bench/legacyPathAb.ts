// A focused A/B for the legacy path's CPU cost: plain http-proxy vs Strangler at weight 0, with the bare
// undici forwarder as the floor, interleaved, ROUNDS × SECONDS (env, default 4 × 5 s): CPU µs per request
// of each serving process and the http-proxy/Strangler ratio per round (same run, so shared-machine load
// affects both alike). AB_RATE=4000 drives a fixed request rate instead of as fast as possible: a
// saturated process batches more work per event-loop turn, so its CPU per request flatters it.
// AB_COMPILED=1 adds Strangler running the compiled build from `npm run build`.
// `npx tsx test/bench/legacyPathAb.ts`
import autocannon from 'autocannon';
import { load as loadFlatOut, startTarget, type Target } from './proxyBench.ts';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 4);
const SECONDS = Number(process.env.AB_SECONDS ?? 5);
const RATE = Number(process.env.AB_RATE ?? 0);
/** AB_COMPILED=1 adds Strangler running the compiled build (run `npm run build` first). */
const COMPILED = process.env.AB_COMPILED === '1';

function load(url: string, seconds: number): Promise<autocannon.Result> {
  if (!RATE) return loadFlatOut(url, seconds);
  return new Promise((resolve, reject) => {
    autocannon({ url: `${url}/bench`, connections: 50, duration: seconds, overallRate: RATE }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const legacy = await startTarget('legacy', { BENCH_TARGET: 'legacy' });
const targets: Target[] = [];
try {
  targets.push(await startTarget('http-proxy', { BENCH_TARGET: 'http-proxy', LEGACY_URL: legacy.url }));
  targets.push(
    await startTarget('strangler w0', { BENCH_TARGET: 'strangler', BENCH_WEIGHT: '0', LEGACY_URL: legacy.url }),
  );
  targets.push(await startTarget('bare undici', { BENCH_TARGET: 'undici', LEGACY_URL: legacy.url }));
  if (COMPILED)
    targets.push(
      await startTarget('strangler w0 compiled', {
        BENCH_TARGET: 'strangler',
        BENCH_WEIGHT: '0',
        BENCH_COMPILED: '1',
        LEGACY_URL: legacy.url,
      }),
    );
  for (const target of targets) await load(target.url, 2); // warm-up
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const cpu: number[] = [];
    for (const target of targets) {
      const before = await target.cpuMicros();
      const result = await load(target.url, SECONDS);
      cpu.push(((await target.cpuMicros()) - before) / Math.max(1, result.requests.total));
    }
    ratios.push(cpu[0]! / cpu[1]!);
    console.log(
      `round ${round}  http-proxy ${cpu[0]!.toFixed(1)} µs/req  strangler w0 ${cpu[1]!.toFixed(1)} µs/req  bare undici ${cpu[2]!.toFixed(1)} µs/req${COMPILED ? `  strangler w0 compiled ${cpu[3]!.toFixed(1)} µs/req` : ''}  ratio (http-proxy/strangler) ${ratios.at(-1)!.toFixed(2)}×`,
    );
  }
  console.log(`mean ratio ${(ratios.reduce((a, b) => a + b, 0) / ratios.length).toFixed(2)}×`);
} finally {
  for (const target of [...targets, legacy]) await target.stop();
}
