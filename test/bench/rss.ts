// `npm run bench:rss`: the RSS of one proxy process (compiled build, one route, no demo services).
// Idle: VmRSS 24 s after `STRANGLER_RUNTIME=dist node bin/strangler.js start --workers 1`, RSS_IDLE_RUNS times
// (default 5). Soak: one more start under a steady light load (RSS_RATE req/s, default 200, from this process
// with a keep-alive agent, to a trivial upstream also in this process) for RSS_SOAK_SECONDS (default 600),
// sampling VmRSS every 10 s. The first RSS_WARMUP_SECONDS (default 60) under load are reported but not judged:
// the young generation grows to its --max-semi-space-size then (≈ +70 MB at 32 MiB semi-spaces, seen as
// 67 → 141 MB in the first 30 s). The target: the samples after it stay within ±10 % of the first of them.
// RSS_SOAK_SECONDS=0 skips the soak.
// Needs `npm run build` first. The process measured is the one serving: `strangler start` relaunches node with
// the production V8 flags (bin/relaunch.js), so that is the bin's child.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { LOAD_CORE, pin, pinningNote, PROXY_CORE } from './pin.ts';

const IDLE_RUNS = Number(process.env.RSS_IDLE_RUNS ?? 5);
const IDLE_AFTER_MS = 24_000;
const SOAK_SECONDS = Number(process.env.RSS_SOAK_SECONDS ?? 600);
const RATE = Number(process.env.RSS_RATE ?? 200);
const SAMPLE_EVERY_MS = 10_000;
const WARMUP_SECONDS = Number(process.env.RSS_WARMUP_SECONDS ?? 60);
const FLAT_WITHIN = 0.1;
/** RSS_BIN measures another checkout's build (e.g. main's, for a before/after) with this script. */
const BIN = process.env.RSS_BIN ?? fileURLToPath(new URL('../../bin/strangler.js', import.meta.url));

function vmRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  if (!line) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  return Number(line.split(/\s+/)[1]) / 1024;
}

/** The bin's relaunched child when there is one, else the bin itself (the flag was already given). */
function servingPid(binPid: number): number {
  let children = '';
  try {
    children = readFileSync(`/proc/${binPid}/task/${binPid}/children`, 'utf8').trim();
  } catch {
    return binPid;
  }
  const first = children.split(/\s+/).find((p) => p !== '');
  return first ? Number(first) : binPid;
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, deadlineMs: number, bin: ChildProcess): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (bin.exitCode !== null) throw new Error(`the proxy exited with ${bin.exitCode} before listening (stderr above)`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the proxy did not listen on 127.0.0.1:${port} within ${deadlineMs} ms`);
    await sleep(200);
  }
}

interface Started {
  bin: ChildProcess;
  pid: number;
  port: number;
  startedAt: number;
}

async function startProxy(upstreamUrl: string): Promise<Started> {
  const port = await freePort();
  const adminPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'strangler-rss-'));
  const config = join(dir, 'routes.yaml');
  writeFileSync(
    config,
    `listen: { host: 127.0.0.1, port: ${port} }
admin: { host: 127.0.0.1, port: ${adminPort} }
backends:
  legacy: { url: "${upstreamUrl}" }
routes:
  - id: items
    match: { methods: [GET], path: /api/items }
    new: { url: "${upstreamUrl}" }
    weight: 50
`,
  );
  const startedAt = Date.now();
  const bin = spawn(process.execPath, [BIN, 'start', '--workers', '1', '--config', config], {
    env: { ...process.env, STRANGLER_RUNTIME: 'dist', NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForPort(adminPort, 20_000, bin);
  const pid = servingPid(bin.pid!);
  pin(pid, PROXY_CORE);
  return { bin, pid, port, startedAt };
}

async function stop(started: Started): Promise<void> {
  const exited = new Promise((resolve) => started.bin.once('exit', resolve));
  started.bin.kill('SIGTERM');
  await exited;
}

function startUpstream(): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '11' });
    res.end('{"ok":true}');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    }),
  );
}

/** Open loop at `rate` req/s, sent in 10 ms ticks and caught up from the clock when a tick runs late. */
function steadyLoad(port: number, rate: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
  const counts = { sent: 0, ok: 0, failed: 0 };
  const startedAt = Date.now();
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - startedAt) * rate) / 1000);
    for (; counts.sent < due;) {
      counts.sent++;
      const req = http.get({ host: '127.0.0.1', port, path: '/api/items', agent }, (res) => {
        res.resume();
        if (res.statusCode === 200) counts.ok++;
        else counts.failed++;
      });
      req.on('error', () => counts.failed++);
    }
  }, 10);
  return {
    counts,
    stop() {
      clearInterval(timer);
      agent.destroy();
    },
  };
}

const mb = (n: number) => n.toFixed(1);
pin(process.pid, LOAD_CORE);
console.log(`strangler RSS bench: ${pinningNote()}`);
const upstream = await startUpstream();

const idle: number[] = [];
for (let run = 1; run <= IDLE_RUNS; run++) {
  const started = await startProxy(upstream.url);
  await sleep(Math.max(0, started.startedAt + IDLE_AFTER_MS - Date.now()));
  idle.push(vmRssMb(started.pid));
  console.log(`idle run ${run}: ${mb(idle.at(-1)!)} MB (pid ${started.pid})`);
  await stop(started);
}
if (idle.length > 0)
  console.log(`idle RSS: ${mb(Math.min(...idle))}–${mb(Math.max(...idle))} MB over ${idle.length} runs`);

if (SOAK_SECONDS > 0) {
  const started = await startProxy(upstream.url);
  await sleep(Math.max(0, started.startedAt + IDLE_AFTER_MS - Date.now()));
  console.log(`soak: ${RATE} req/s for ${SOAK_SECONDS} s, idle before load ${mb(vmRssMb(started.pid))} MB`);
  const load = steadyLoad(started.port, RATE);
  const samples: number[] = [];
  const end = Date.now() + SOAK_SECONDS * 1000;
  while (Date.now() < end) {
    await sleep(SAMPLE_EVERY_MS);
    samples.push(vmRssMb(started.pid));
    const { sent, ok, failed } = load.counts;
    console.log(`  t=${samples.length * 10}s rss ${mb(samples.at(-1)!)} MB (sent ${sent}, 200 ${ok}, other ${failed})`);
  }
  load.stop();
  await stop(started);
  const pct = (v: number, of: number) => `${v >= of ? '+' : ''}${(((v - of) / of) * 100).toFixed(1)} %`;
  const summary = (values: number[]) => {
    const first = values[0]!;
    const min = Math.min(...values);
    const max = Math.max(...values);
    const last = values.at(-1)!;
    const flat = max <= first * (1 + FLAT_WITHIN) && min >= first * (1 - FLAT_WITHIN);
    const text =
      `first ${mb(first)} MB, min ${mb(min)} (${pct(min, first)}), max ${mb(max)} (${pct(max, first)}), ` +
      `last ${mb(last)} (${pct(last, first)})`;
    return { flat, text };
  };
  const warm = samples.slice(Math.floor(WARMUP_SECONDS / 10));
  console.log(`soak RSS, every sample: ${summary(samples).text}`);
  const { flat, text } = summary(warm.length > 0 ? warm : samples);
  console.log(
    `soak RSS after ${WARMUP_SECONDS} s of warm-up: ${text}; ${flat ? 'flat within ±10 %' : 'NOT flat within ±10 %'}; ` +
      `requests ${load.counts.sent}, 200 ${load.counts.ok}, other ${load.counts.failed}`,
  );
  if (!flat) process.exitCode = 1;
}
upstream.server.close();
