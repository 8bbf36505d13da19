// Runs `proxy/main.ts` as a real child process (as `npm start` / `strangler start` do) on 127.0.0.1
// port 0 and reads the URLs it logs. Every test kills what it spawned.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const MAIN = new URL('../../proxy/main.ts', import.meta.url).pathname;

export interface SpawnedStrangler {
  child: ChildProcess;
  proxyUrl: string;
  adminUrl: string;
  configFile: string;
  /** Every JSON log line so far. */
  logs: Array<Record<string, unknown>>;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

export function writeConfig(config: Record<string, unknown> | string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'strangler-')), 'routes.yaml');
  const listening = { listen: { host: '127.0.0.1', port: 0 }, admin: { host: '127.0.0.1', port: 0 } };
  writeFileSync(file, typeof config === 'string' ? config : stringify({ ...listening, ...config }));
  return file;
}

/** `command`: what node runs before `args`; the TypeScript sources through tsx unless a test runs a build. */
export function spawnMain(
  args: string[],
  env: Record<string, string> = {},
  command: string[] = ['--import', 'tsx', MAIN],
): Omit<SpawnedStrangler, 'proxyUrl' | 'adminUrl' | 'configFile'> {
  const child = spawn(process.execPath, [...command, ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, logs, stderr: () => stderr, exited, kill: () => child.kill('SIGKILL') };
}

/** Starts the proxy on a config object and waits until it logged its listening URLs. */
export async function spawnStrangler(
  config: Record<string, unknown>,
  args: string[] = [],
  env: Record<string, string> = {},
  command?: string[],
): Promise<SpawnedStrangler> {
  const configFile = writeConfig(config);
  const spawned = spawnMain(['--config', configFile, ...args], env, command);
  const started =
    args.includes('--workers') && args[args.indexOf('--workers') + 1] !== '1'
      ? 'strangler cluster started'
      : 'strangler started';
  const line = await waitForLog(spawned, (l) => l.msg === started, 45_000).catch((error: Error) => {
    spawned.kill();
    throw new Error(`${error.message}\nstderr: ${spawned.stderr()}`);
  });
  return { ...spawned, configFile, proxyUrl: String(line.proxy), adminUrl: String(line.admin) };
}

export function waitForLog(
  spawned: Pick<SpawnedStrangler, 'logs' | 'exited'>,
  match: (line: Record<string, unknown>) => boolean,
  timeoutMs = 10_000,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const found = spawned.logs.find(match);
      if (found) {
        clearInterval(poll);
        resolve(found);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`no matching log line within ${timeoutMs} ms`));
      }
    }, 20);
  });
}
