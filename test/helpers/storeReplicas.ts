// Real `strangler start --store` processes (proxy/main.ts through tsx) sharing one Postgres store, and the
// admin calls the control-plane tests make on them. Each replica has its own table cache file.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnMain, waitForLog, type SpawnedStrangler } from './spawnStrangler.ts';
import type { RequiredTool } from './requiredTool.ts';
import { PG_BIN } from './postgres.ts';

/** Debian's postgresql 15 server binaries (test/helpers/postgres.ts runs them). */
export const POSTGRES_TOOL: RequiredTool = {
  command: 'pg_ctl',
  path: existsSync(`${PG_BIN}/pg_ctl`) ? `${PG_BIN}/pg_ctl` : undefined,
  install: 'apt-get install -y postgresql',
};

export interface Replica extends SpawnedStrangler {
  name: string;
  cacheFile: string;
  /** The arguments it was started with, to start it again. */
  args: string[];
}

/** Starts one replica on `storeUrl`, seeding an empty store from `configFile`; waits until it serves. */
export async function startReplica(
  name: string,
  storeUrl: string,
  configFile: string,
  extra: string[] = [],
  cacheFile?: string,
): Promise<Replica> {
  const cache = cacheFile ?? join(mkdtempSync(join(tmpdir(), `strangler-${name}-`)), 'store-cache.json');
  // One process unless a test asks for workers (the default is one worker per core).
  const workers = extra.includes('--workers') ? [] : ['--workers', '1'];
  const args = ['--config', configFile, '--store', storeUrl, '--store-cache', cache, ...workers, ...extra];
  const spawned = spawnMain(args, { LOG_LEVEL: 'info' });
  const started =
    extra.includes('--workers') && extra[extra.indexOf('--workers') + 1] !== '1'
      ? 'strangler cluster started'
      : 'strangler started';
  const line = await waitForLog(spawned, (l) => l.msg === started, 90_000).catch((error: Error) => {
    spawned.kill();
    throw new Error(`replica ${name}: ${error.message}\nstderr: ${spawned.stderr()}`);
  });
  return {
    ...spawned,
    name,
    cacheFile: cache,
    args,
    configFile,
    proxyUrl: String(line.proxy),
    adminUrl: String(line.admin),
  };
}

export async function stopReplica(replica: Replica | undefined): Promise<void> {
  if (!replica || replica.child.exitCode !== null || replica.child.signalCode !== null) return;
  replica.child.kill('SIGTERM');
  await replica.exited;
}

export interface RoutesView {
  configHash: string;
  routes: Array<{ id: string; weight: number }>;
}

export async function routesOf(replica: Replica): Promise<RoutesView> {
  return (await (await fetch(`${replica.adminUrl}/admin/routes`)).json()) as RoutesView;
}

export async function weightOn(replica: Replica, route: string): Promise<number | undefined> {
  return (await routesOf(replica)).routes.find((r) => r.id === route)?.weight;
}

/** PATCH a weight with If-Match: the HTTP status and body. */
export async function shiftOn(
  replica: Replica,
  route: string,
  weight: number,
  ifMatch: string,
  reason: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${replica.adminUrl}/admin/routes/${route}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', 'if-match': `"${ifMatch}"` },
    body: JSON.stringify({ weight, reason }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** `strangler_config_info`'s version label on one replica (undefined when it has none). */
export async function configVersionOn(replica: Replica): Promise<string | undefined> {
  const text = await (await fetch(`${replica.adminUrl}/metrics`)).text();
  return /strangler_config_info\{version="(\d+)",hash="\w+"\} 1/.exec(text)?.[1];
}

/** Polls `probe` until it is true or `timeoutMs` passed (then throws with `what`). */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 10_000,
  everyMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
