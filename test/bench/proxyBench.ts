// The proxy benchmark (`npm run bench`): the same small GET through every row — legacy directly, nginx (when
// installed), a plain http-proxy, the bare undici forwarder (the floor), and Strangler's compiled build on
// its legacy path, its in-process handler, a `new: { url }` upstream, a shadowed route and with each
// `log.requests` setting. One run: every row is interleaved in each round, first flat out (req/s, CPU µs
// per request, GC), then open loop at fixed 2,000 and 5,000 req/s (µs latency from the scheduled send).
// Pinned with taskset when present (proxy core 1, load generator + upstream core 0); the method is printed
// with the results.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { latencyAtFixedRate } from './proxyFixedRate.ts';
import { nginxBinary, startNginx, type NginxProcess } from './proxyNginx.ts';
import { markdownTable, summarize, type FixedRateSample, type RoundSample } from './proxyReport.ts';
import { PRODUCTION_V8_FLAGS } from '../../bin/v8Flags.js';
import { LOAD_CORE, pin, pinningNote, PROXY_CORE, tasksetAvailable } from './pin.ts';
import { waitForQuiet } from './quiet.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 3 : 8));
const FIXED_RATES = [2_000, 5_000];
const FIXED_RATE_MS = Number(process.env.BENCH_FIXED_MS ?? (QUICK ? 2_000 : 5_000));
const FIXED_ROUNDS = 3;
const entry = fileURLToPath(new URL('./proxyTargets.ts', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('../../bench/results/proxy.json', import.meta.url));

export type { GcStats } from './gcMeter.ts';
import type { GcStats } from './gcMeter.ts';
import { startWorkersTarget } from './workersTarget.ts';

export interface Target {
  name: string;
  url: string;
  /** CPU time the serving process has used so far, in µs. */
  cpuMicros(): Promise<number>;
  /** GC time (ms), minor GCs and promoted bytes so far, from the process under test; NaN where it cannot say. */
  gcStats(): Promise<GcStats>;
  stop(): Promise<void>;
}

/** What a target's process gets beyond its env (profileTarget.ts and v8FlagsAb.ts use them). */
export interface TargetProcess {
  /** On node's command line: V8 flags NODE_OPTIONS refuses (--no-allocation-site-pretenuring) work there. */
  nodeFlags?: readonly string[];
  /** Where the target's stdout goes (a file descriptor); by default nowhere. */
  stdout?: number;
}

/** Starts one target in its own process, pinned to the proxy's core (the upstream: `core: LOAD_CORE`). */
export async function startTarget(
  name: string,
  env: Record<string, string>,
  core = PROXY_CORE,
  { nodeFlags = [], stdout }: TargetProcess = {},
): Promise<Target> {
  const child: ChildProcess = fork(entry, {
    execArgv: [...nodeFlags, '--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout ?? 'ignore', 'inherit', 'ipc'],
  });
  pin(child.pid!, core);
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening`)));
  });
  return {
    name,
    url,
    cpuMicros: () => ask(child, 'cpu', (message) => message.cpuMicros as number | undefined),
    gcStats: () => ask(child, 'gc', (message) => message.gc as GcStats | undefined),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

/** Sends `command` to the target and resolves with the first reply `pick` finds a value in. */
function ask<T>(
  child: ChildProcess,
  command: string,
  pick: (message: Record<string, unknown>) => T | undefined,
): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      const value = pick(message as Record<string, unknown>);
      if (value === undefined) return;
      child.off('message', onMessage);
      resolve(value);
    };
    child.on('message', onMessage);
    child.send(command);
  });
}

const NO_GC_STATS: GcStats = { gcMs: Number.NaN, scavenges: Number.NaN, promotedBytes: Number.NaN };

export function load(url: string, seconds = SECONDS): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url: `${url}/bench`, connections: CONNECTIONS, duration: seconds }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/**
 * The Strangler rows: the compiled build (`npm run build`), as production runs it. Each row's node flags are
 * the ones `strangler start` ships (bin/v8Flags.js) unless it names its own, given on node's command line as
 * the bin relaunches it (NODE_OPTIONS refuses --no-memory-reducer).
 */
function stranglerRows(legacyUrl: string, upstreamUrl: string): [string, Record<string, string>, readonly string[]][] {
  const base = { BENCH_TARGET: 'strangler', BENCH_COMPILED: '1', LEGACY_URL: legacyUrl, NODE_OPTIONS: '' };
  const rows: [string, Record<string, string>, (readonly string[])?][] = [
    ['strangler legacy path', { ...base, BENCH_WEIGHT: '0' }],
    ['strangler in-process handler', { ...base, BENCH_WEIGHT: '100' }],
    ['strangler new: { url } upstream', { ...base, BENCH_WEIGHT: '100', BENCH_NEW_URL: upstreamUrl }],
    ['strangler shadowed route', { ...base, BENCH_WEIGHT: '0', BENCH_SHADOW: '1' }],
    ['strangler legacy, log.requests errors', { ...base, BENCH_WEIGHT: '0', BENCH_LOG_REQUESTS: 'errors' }],
    ['strangler legacy, log.requests off', { ...base, BENCH_WEIGHT: '0', BENCH_LOG_REQUESTS: 'off' }],
    // Tracing off is the default legacy row (no tracing pass, OpenTelemetry never imported); this is the cost when on.
    ['strangler legacy, tracing on (OTLP export, sampleRate 1)', { ...base, BENCH_WEIGHT: '0', BENCH_TRACING: '1' }],
    // The young-generation A/B, in the same run as the default rows above (docs/BENCHMARKS.md); the memory
    // reducer's cost shows only after idle, which the steady-state columns leave out: test/bench/afterIdleAb.ts.
    ['strangler legacy, V8 default young generation', { ...base, BENCH_WEIGHT: '0' }, ['--no-memory-reducer']],
    [
      'strangler legacy, --max-semi-space-size=64',
      { ...base, BENCH_WEIGHT: '0' },
      ['--max-semi-space-size=64', '--no-memory-reducer'],
    ],
  ];
  return rows.map(([name, env, nodeFlags = PRODUCTION_V8_FLAGS]) => [name, env, nodeFlags]);
}

export async function runProxyBench(): Promise<void> {
  pin(process.pid, LOAD_CORE);
  const method = [
    pinningNote(),
    `flat out: ${ROUNDS} rounds × ${SECONDS} s per row, every row once per round (interleaved), autocannon -c${CONNECTIONS}, means over rounds`,
    `open loop: ${FIXED_RATES.join(' and ')} req/s, ${FIXED_ROUNDS} rounds × ${FIXED_RATE_MS / 1000} s per row, each right after a discarded 1 s at its rate, interleaved, each percentile the median of the rounds (max: over all rounds), each run (flat out too) started once no core is more than 15 % busy (at most 15 s), latency in µs from each request's scheduled send, failures counted`,
    `Strangler rows run with the shipped V8 flags (${PRODUCTION_V8_FLAGS.join(' ')}) unless the row names another setting`,
    "CPU and GC are the serving process's own (nginx and --workers 2: master + workers, from /proc); GC time, minor GCs and " +
      "young-generation promotion per 10k requests from V8's GCProfiler in the process under test (n/a for nginx and --workers 2)",
    '--workers 2 runs `strangler start` (compiled build) unpinned: its 2 workers share both cores with the load generator',
  ];
  console.log(`method:\n  ${method.join('\n  ')}`);
  const legacy = await startTarget('legacy direct', { BENCH_TARGET: 'legacy' }, LOAD_CORE);
  // A second plain server for the `new: { url }` row, so new is an HTTP hop like legacy.
  const newUpstream = await startTarget('new upstream', { BENCH_TARGET: 'legacy' }, LOAD_CORE);
  const targets: Target[] = [legacy];
  const nginxPath = nginxBinary();
  try {
    if (nginxPath) {
      const started: NginxProcess = await startNginx(nginxPath, legacy.url, tasksetAvailable ? PROXY_CORE : undefined);
      targets.push({
        name: 'nginx (1 worker, upstream keepalive)',
        url: started.url,
        cpuMicros: async () => started.cpuMicros(),
        gcStats: async () => NO_GC_STATS,
        stop: () => started.stop(),
      });
    } else {
      console.log('nginx is not installed: skipping the nginx row (apt-get install nginx to include it)');
    }
    targets.push(
      await startTarget('plain http-proxy (keep-alive agent)', { BENCH_TARGET: 'http-proxy', LEGACY_URL: legacy.url }),
    );
    targets.push(
      await startTarget('fastify peer (fastify 5 + http-proxy + pino + prom-client)', {
        BENCH_TARGET: 'fastify',
        LEGACY_URL: legacy.url,
      }),
    );
    targets.push(
      await startTarget('bare undici forwarder (floor)', { BENCH_TARGET: 'undici', LEGACY_URL: legacy.url }),
    );
    for (const [name, env, nodeFlags] of stranglerRows(legacy.url, newUpstream.url))
      targets.push(await startTarget(name, env, PROXY_CORE, { nodeFlags }));
    targets.push(await startWorkersTarget('strangler legacy, --workers 2 (unpinned)', legacy.url, 2));

    const samples: RoundSample[] = [];
    for (const target of targets) await load(target.url, QUICK ? 1 : 2); // warm-up: JIT, pooled sockets
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of targets) {
        await waitForQuiet();
        const cpuBefore = await target.cpuMicros();
        const gcBefore = await target.gcStats();
        const result = await load(target.url);
        const cpuUs = (await target.cpuMicros()) - cpuBefore;
        const gcAfter = await target.gcStats();
        const answered = Math.max(1, result.requests.total);
        const sample: RoundSample = {
          target: target.name,
          round,
          rps: result.requests.average,
          cpuUsPerRequest: cpuUs / answered,
          gcMsPer10k: ((gcAfter.gcMs - gcBefore.gcMs) * 10_000) / answered,
          scavengesPer10k: ((gcAfter.scavenges - gcBefore.scavenges) * 10_000) / answered,
          promotedKbPer10k: ((gcAfter.promotedBytes - gcBefore.promotedBytes) * 10_000) / answered / 1024,
          errors: result.errors + result.non2xx,
        };
        samples.push(sample);
        console.log(
          `round ${round}  ${target.name.padEnd(40)} ${Math.round(sample.rps)} rps  ${sample.cpuUsPerRequest.toFixed(1)} µs CPU/req  GC ${sample.gcMsPer10k.toFixed(1)} ms/10k  promoted ${sample.promotedKbPer10k.toFixed(0)} KiB/10k`,
        );
      }
    }

    const fixed: FixedRateSample[] = [];
    for (let round = 1; round <= FIXED_ROUNDS; round++) {
      for (const rate of FIXED_RATES) {
        for (const target of targets) {
          const waitedMs = await waitForQuiet();
          // A discarded 1 s at the same rate right before each measured run: a row sits idle while the others
          // run, and an idle V8 process's memory-reducer GC can drop its optimized code (200 functions
          // recompiled, p99 273 ms in the next 5 s; docs/BENCHMARKS.md "After idle"). The columns are the
          // steady state; the cost after idle is measured apart. It also warms the generator's own sockets.
          await latencyAtFixedRate(`${target.url}/bench`, rate, 1_000);
          const result = await latencyAtFixedRate(`${target.url}/bench`, rate, FIXED_RATE_MS);
          fixed.push({ target: target.name, round, ...result });
          console.log(
            `fixed ${rate}/s round ${round}  ${target.name.padEnd(40)} p50 ${result.p50Us} µs  p99 ${result.p99Us} µs  p99.9 ${result.p999Us} µs  max ${result.maxUs} µs  failed ${result.failed}  (waited ${waitedMs} ms for quiet)`,
          );
        }
      }
    }

    const summary = summarize(samples, fixed);
    const date = new Date().toISOString();
    const machine = machineNote();
    const markdown = markdownTable(summary, { method, date, machine });
    console.log(`\n${markdown}`);
    await mkdir(new URL('../../bench/results', import.meta.url), { recursive: true });
    const meta = {
      node: process.version,
      quick: QUICK,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      secondsPerRun: SECONDS,
      fixedRates: FIXED_RATES,
      fixedRounds: FIXED_ROUNDS,
      fixedMsPerRun: FIXED_RATE_MS,
      nginx: nginxPath !== undefined,
      method,
      machine,
      date,
    };
    const file = QUICK ? RESULTS_FILE.replace(/\.json$/, '.quick.json') : RESULTS_FILE;
    await writeFile(file, `${JSON.stringify({ meta, summary, samples, fixed, markdown }, null, 2)}\n`);
    console.log(`results written to ${file}`);
  } finally {
    for (const target of [...targets.reverse(), newUpstream]) await target.stop();
  }
}

function machineNote(): string {
  const cpu = os.cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the end`;
}
