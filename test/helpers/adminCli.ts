// CLI tests run the real `strangler` bin against a real proxy process, as an operator would.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { routesYaml, tempDir } from './adminFixtures.ts';
import { echoListener, startUpstream, type TestUpstream } from './upstream.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/strangler.js');
const SERVER = path.join(ROOT, 'test/helpers/adminServerProcess.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, cwd: ROOT, timeout: 30_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

export interface ProxyProcess {
  adminUrl: string;
  proxyUrl: string;
  configFile: string;
  dir: string;
  stop(): Promise<void>;
}

/** Spawns a proxy process on a fresh routes.yaml; `tokens` is STRANGLER_ADMIN_TOKENS for it. */
export async function spawnProxyProcess(
  legacyUrl: string,
  options: { tokens?: string; weights?: { orders?: number; status?: number } } = {},
): Promise<ProxyProcess> {
  const dir = await tempDir('strangler-cli-');
  const configFile = path.join(dir, 'routes.yaml');
  await writeFile(configFile, routesYaml(legacyUrl, options.weights));
  return spawnProxyOn(configFile, options.tokens);
}

/**
 * Spawns a proxy process on an existing routes.yaml (a second replica shares the file, its lock and audit log).
 * `runAs`: [setpriv path, uid], to run it as that user (a test as root cannot make a directory unwritable to itself).
 */
export async function spawnProxyOn(
  configFile: string,
  tokens?: string,
  runAs?: [setpriv: string, uid: number],
): Promise<ProxyProcess> {
  const dir = path.dirname(configFile);
  const node = [process.execPath, '--import', 'tsx', SERVER, configFile];
  const [command, ...args] = runAs
    ? [runAs[0], `--reuid=${runAs[1]}`, `--regid=${runAs[1]}`, '--clear-groups', ...node]
    : node;
  const child = spawn(command!, args, {
    env: { ...process.env, STRANGLER_ADMIN_TOKENS: tokens ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const urls = await firstLine(child);
  return {
    ...urls,
    configFile,
    dir,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

function firstLine(child: ChildProcess): Promise<{ adminUrl: string; proxyUrl: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline !== -1) resolve(JSON.parse(out.slice(0, newline)));
    });
    child.once('exit', (code) => reject(new Error(`proxy process exited with ${code} before listening`)));
  });
}

/**
 * For one test file: an echo legacy and a proxy process in front of it, started before its tests and stopped after;
 * read `proxy` inside a test. `env` points the CLI at that proxy's admin API.
 */
export function proxyProcessForFile(weights: { orders?: number; status?: number }): {
  proxy: ProxyProcess;
  env: { STRANGLER_ADMIN_URL: string };
} {
  let legacy: TestUpstream | undefined;
  const state = {} as { proxy: ProxyProcess; env: { STRANGLER_ADMIN_URL: string } };
  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    state.proxy = await spawnProxyProcess(legacy.url, { weights });
    state.env = { STRANGLER_ADMIN_URL: state.proxy.adminUrl };
  });
  afterAll(async () => {
    await state.proxy?.stop();
    await legacy?.close();
  });
  return state;
}
