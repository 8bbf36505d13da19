// The proxy benchmark: the same small GET through legacy directly, Strangler at weight 0 (legacy path),
// Strangler at weight 100 (in-process handler), a plain http-proxy server, a bare undici forwarder (the
// floor: forwarding with no per-request work) and nginx (when installed) —
// interleaved, 3 rounds, 50 connections, one run — then p99 added latency at a fixed 2k rps.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { latencyAtFixedRate, type FixedRateResult } from './proxyFixedRate.ts';
import { nginxBinary, startNginx, type NginxProcess } from './proxyNginx.ts';
import { markdownTable, summarize, type RoundSample } from './proxyReport.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = 3;
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 3 : 8));
const FIXED_RATE = 2_000;
const FIXED_RATE_MS = QUICK ? 3_000 : 10_000;
const entry = fileURLToPath(new URL('./proxyTargets.ts', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('../../bench/results/proxy.json', import.meta.url));

export interface Target {
  name: string;
  url: string;
  /** CPU time the serving process has used so far, in µs. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

export async function startTarget(name: string, env: Record<string, string>): Promise<Target> {
  const child: ChildProcess = fork(entry, { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening`)));
  });
  return {
    name,
    url,
    cpuMicros: () =>
      new Promise((resolve) => {
        const onMessage = (message: unknown) => {
          const cpu = (message as { cpuMicros?: number }).cpuMicros;
          if (cpu === undefined) return;
          child.off('message', onMessage);
          resolve(cpu);
        };
        child.on('message', onMessage);
        child.send('cpu');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

export function load(url: string, seconds = SECONDS): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url: `${url}/bench`, connections: CONNECTIONS, duration: seconds }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export async function runProxyBench(): Promise<void> {
  const legacy = await startTarget('legacy direct', { BENCH_TARGET: 'legacy' });
  const targets: Target[] = [legacy];
  const nginxPath = nginxBinary();
  let nginx: NginxProcess | undefined;
  try {
    targets.push(await startTarget('strangler, weight 0 (legacy path)', { BENCH_TARGET: 'strangler', BENCH_WEIGHT: '0', LEGACY_URL: legacy.url }));
    targets.push(await startTarget('strangler, weight 100 (in-process handler)', { BENCH_TARGET: 'strangler', BENCH_WEIGHT: '100', LEGACY_URL: legacy.url }));
    targets.push(await startTarget('plain http-proxy (keep-alive agent)', { BENCH_TARGET: 'http-proxy', LEGACY_URL: legacy.url }));
    targets.push(await startTarget('bare undici forwarder (floor)', { BENCH_TARGET: 'undici', LEGACY_URL: legacy.url }));
    if (nginxPath) {
      nginx = await startNginx(nginxPath, legacy.url);
      const started = nginx;
      targets.push({ name: 'nginx (upstream keepalive)', url: started.url, cpuMicros: async () => started.cpuMicros(), stop: () => started.stop() });
    } else {
      console.log('nginx is not installed: skipping the nginx comparison (apt-get install nginx to include it)');
    }

    const samples: RoundSample[] = [];
    for (const target of targets) await load(target.url); // warm-up: JIT, pooled sockets
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of targets) {
        const cpuBefore = await target.cpuMicros();
        const result = await load(target.url);
        const cpuUsPerRequest = (await target.cpuMicros()) - cpuBefore;
        const sample = { target: target.name, round, rps: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, cpuUsPerRequest: cpuUsPerRequest / Math.max(1, result.requests.total), errors: result.errors + result.non2xx };
        samples.push(sample);
        console.log(`round ${round}  ${target.name.padEnd(44)} ${Math.round(sample.rps)} rps  p50 ${sample.p50Ms} ms  p99 ${sample.p99Ms} ms  ${sample.cpuUsPerRequest.toFixed(1)} µs CPU/req`);
      }
    }

    const fixedRate: Record<string, FixedRateResult> = {};
    for (const target of targets.slice(0, 2)) fixedRate[target.name] = await latencyAtFixedRate(`${target.url}/bench`, FIXED_RATE, FIXED_RATE_MS);
    const direct = fixedRate[targets[0]!.name]!;
    const proxied = fixedRate[targets[1]!.name]!;
    const addedP99Ms = Math.round((proxied.p99Ms - direct.p99Ms) * 1_000) / 1_000;

    const summary = summarize(samples);
    const markdown = markdownTable(summary, { fixedRate: FIXED_RATE, direct, proxied, addedP99Ms, connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS });
    console.log(`\n${markdown}`);
    await mkdir(new URL('../../bench/results/', import.meta.url), { recursive: true });
    const meta = { node: process.version, quick: QUICK, rounds: ROUNDS, connections: CONNECTIONS, secondsPerRun: SECONDS, nginx: nginxPath !== undefined, date: new Date().toISOString() };
    await writeFile(RESULTS_FILE, `${JSON.stringify({ meta, summary, samples, fixedRate: { rate: FIXED_RATE, direct, proxied, addedP99Ms }, markdown }, null, 2)}\n`);
    console.log(`results written to ${RESULTS_FILE}`);
  } finally {
    for (const target of targets.reverse()) await target.stop();
  }
}
