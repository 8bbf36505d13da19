// Runs a real Prometheus server (the Debian `prometheus` binary) on 127.0.0.1 with a throwaway storage
// dir, and queries it through its HTTP API. Tests declare PROMETHEUS with describeWithTool (requiredTool.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './freePort.ts';
import { findTool } from './requiredTool.ts';

const READY_TIMEOUT_MS = 15_000;

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface TestPrometheus {
  url: string;
  /** Instant query; throws with Prometheus's own error text when the expression is rejected. */
  query(expr: string): Promise<PromSample[]>;
  /** GET a path of the HTTP API (e.g. `/api/v1/rules`) and return its `data`. */
  api<T>(pathAndQuery: string): Promise<T>;
  close(): Promise<void>;
}

/** The `prometheus` server binary (Debian package `prometheus`). */
export const PROMETHEUS = findTool('prometheus', 'prometheus');

/** Starts Prometheus with `configYaml` (rule_files given as absolute paths) and waits until it is ready. */
export async function startPrometheus(binary: string, configYaml: string): Promise<TestPrometheus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'strangler-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  await writeFile(configFile, configYaml);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const close = async () => {
    await stop(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, () => stderr);
  } catch (error) {
    await close();
    throw error;
  }
  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const res = await fetch(url + pathAndQuery);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${pathAndQuery}: ${body.error ?? res.status}`);
    return body.data;
  };
  const query = async (expr: string) => {
    const data = await api<{ resultType: string; result: PromSample[] }>(
      `/api/v1/query?query=${encodeURIComponent(expr)}`,
    );
    if (data.resultType !== 'vector') throw new Error(`expected a vector from ${expr}, got ${data.resultType}`);
    return data.result;
  };
  return { url, query, api, close };
}

async function waitUntilReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${stderr()}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus was not ready within ${READY_TIMEOUT_MS} ms: ${stderr()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
