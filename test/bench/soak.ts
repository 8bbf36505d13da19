// `npm run bench:soak`: a bounded soak on 127.0.0.1. A fixed rate of GET and POST /api/orders goes
// through the proxy to the reference stack (legacy and new share one store) while the orders route's
// weight flips every second through the admin API and routes.yaml is rewritten every 10 s (hot reload).
// Reports proxy-made 5xx (target 0), orders written vs acknowledged (target equal), the proxy process's
// RSS after warm-up vs at the end (target ±10 %; it includes the in-memory store's rows), its JS heap after
// a full GC at the same two points (target ±10 %: what a leak would grow) and its event-loop delay p99; writes bench/results/soak.json (soak.quick.json with
// BENCH_QUICK=1, so a quick run never replaces a full run's numbers).
// SOAK_SECONDS (default 600; 20 with BENCH_QUICK=1), SOAK_RATE requests/s (default 40).
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runSoakLoad } from './soakLoad.ts';
import { flipWeightEverySecond } from './soakControl.ts';
import type { TargetReady, TargetSample } from './soakTarget.ts';

const seconds = Number(process.env.SOAK_SECONDS ?? (process.env.BENCH_QUICK ? 20 : 600));
const rate = Number(process.env.SOAK_RATE ?? 40);
/** RSS "start" is taken after this warm-up (JIT, pools and caches fill up first). */
const warmupSeconds = Math.min(30, Math.ceil(seconds * 0.2));
const RESULT_FILE = fileURLToPath(
  new URL(`../../bench/results/${process.env.BENCH_QUICK ? 'soak.quick.json' : 'soak.json'}`, import.meta.url),
);

const target = fork(fileURLToPath(new URL('./soakTarget.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx', '--expose-gc'],
  stdio: 'inherit',
});
const messages: Array<(message: { type: string }) => void> = [];
target.on('message', (message: { type: string }) => messages.shift()?.(message));
const nextMessage = <T>() => new Promise<T>((resolve) => messages.push(resolve as (message: { type: string }) => void));
const sample = (heap = false) => {
  const reply = nextMessage<TargetSample>();
  target.send({ type: 'sample', heap });
  return reply;
};
process.on('exit', () => target.kill('SIGKILL'));

const ready = await nextMessage<TargetReady>();
const ordersTotal = async () =>
  ((await (await fetch(`${ready.legacyUrl}/api/orders?page_size=1`)).json()) as { total: number }).total;
const ordersBefore = await ordersTotal();
console.log(`soak: ${seconds} s at ${rate} req/s through ${ready.proxyUrl} (warm-up ${warmupSeconds} s)`);

const deadline = Date.now() + seconds * 1_000;
const control = flipWeightEverySecond(ready, deadline);
let rssStart = 0;
let heapStart = 0;
const lagWindows: TargetSample[] = [];
const sampler = (async () => {
  await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1_000));
  const first = await sample(true); // also starts a fresh lag window
  rssStart = first.rssBytes;
  heapStart = first.heapAfterGcBytes ?? 0;
  while (Date.now() + 10_000 <= deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    lagWindows.push(await sample());
  }
})();
const load = await runSoakLoad(ready.proxyUrl, rate, seconds * 1_000);
const [controlResult] = await Promise.all([control, sampler]);
const end = await sample(true);
lagWindows.push(end);
const ordersWritten = (await ordersTotal()) - ordersBefore;
const reloads = await reloadCounts(ready.adminUrl);
target.send({ type: 'stop' });

const rssChangePercent = ((end.rssBytes - rssStart) / rssStart) * 100;
const heapChangePercent = (((end.heapAfterGcBytes ?? 0) - heapStart) / heapStart) * 100;
const result = {
  measuredAt: new Date().toISOString(),
  durationSeconds: seconds,
  ratePerSecond: rate,
  requests: load.sent,
  byStatus: load.byStatus,
  proxyMade5xx: load.proxyMade5xx,
  upstream5xx: load.upstream5xx,
  connectionErrors: load.connectionErrors,
  ordersAcknowledged: load.ordersAcknowledged,
  ordersWritten,
  weightFlips: controlResult.flips,
  configFileRewrites: controlResult.fileRewrites,
  configReloads: reloads,
  rssMB: { afterWarmup: mb(rssStart), end: mb(end.rssBytes), changePercent: round(rssChangePercent) },
  jsHeapAfterGcMB: {
    afterWarmup: mb(heapStart),
    end: mb(end.heapAfterGcBytes ?? 0),
    changePercent: round(heapChangePercent),
  },
  eventLoopLagMs: {
    p99WorstWindow: round(Math.max(...lagWindows.map((w) => w.eventLoopLagP99Ms))),
    p99LastWindow: round(end.eventLoopLagP99Ms),
    max: round(Math.max(...lagWindows.map((w) => w.eventLoopLagMaxMs))),
  },
  targets: {
    noProxy5xx: load.proxyMade5xx === 0,
    ordersWrittenEqualAcknowledged: ordersWritten === load.ordersAcknowledged,
    rssWithin10Percent: Math.abs(rssChangePercent) <= 10,
    jsHeapWithin10Percent: Math.abs(heapChangePercent) <= 10,
  },
};
mkdirSync(fileURLToPath(new URL('../../bench/results', import.meta.url)), { recursive: true });
writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
process.exit(Object.values(result.targets).every(Boolean) ? 0 : 1);

async function reloadCounts(adminUrl: string): Promise<{ success: number; failure: number }> {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  const count = (result: string) =>
    Number(text.match(new RegExp(`^strangler_config_reload_total\\{result="${result}"\\} (\\d+)`, 'm'))?.[1] ?? NaN);
  return { success: count('success'), failure: count('failure') };
}

function mb(bytes: number): number {
  return round(bytes / 1024 / 1024);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
