// Fixtures for control-plane tests: a commented routes.yaml in a fresh temp directory, and a proxy
// started from that file (hot reload, persistence and audit log on), all on 127.0.0.1 port 0.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { snapshotFromText } from '../../proxy/config/load.ts';
import { handlerRegistry, type HandlerRegistry, type NewHandler } from '../../proxy/forward/handlers.ts';
import { startStrangler, type StartOptions, type Strangler } from '../../proxy/start.ts';
import { testInstanceDefaults } from './proxy.ts';

export const helloHandler: NewHandler = (_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ backend: 'new' }));
};

/** Real handler names (so `strangler validate` accepts the file), all served by helloHandler. */
export const testHandlers = (): HandlerRegistry => handlerRegistry({ orders: helloHandler, status: helloHandler });

/** Deliberately irregular formatting and comments: persistence must keep all of it byte-for-byte. */
export function routesYaml(legacyUrl: string, weights: { orders?: number; status?: number } = {}): string {
  return `# Strangler routes — edited by hand and by the admin API
backends:
  legacy:
    url: ${legacyUrl}   # the old Flask service

sticky:
  key: [header:x-user-id, ip]

routes:
  # orders: the first endpoint we migrate
  - id: orders
    match: { path: /api/orders, methods: [GET, POST] }
    new:
      handler: orders
    weight: ${weights.orders ?? 10}    # raise slowly!

  - id: status
    match:
      path: "/api/status"
    new: {handler: status}
    weight:    ${weights.status ?? 0}
# trailing comment
`;
}

export async function tempDir(prefix = 'strangler-admin-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export interface FileProxy extends Strangler {
  dir: string;
  configFile: string;
  auditFile: string;
}

/** Starts a proxy whose config comes from `<dir>/routes.yaml`, as main.ts does; `start.handlers` replaces testHandlers(). */
export async function startFileProxy(
  yaml: string,
  start: Partial<StartOptions> = {},
  dir?: string,
): Promise<FileProxy> {
  const home = dir ?? (await tempDir());
  const configFile = path.join(home, 'routes.yaml');
  const auditFile = path.join(home, 'audit.jsonl');
  if (!dir) await writeFile(configFile, yaml);
  const handlers = start.handlers ?? testHandlers();
  const strangler = await startStrangler({
    snapshot: snapshotFromText(await readFile(configFile, 'utf8'), configFile, { handlerNames: handlers.names }),
    handlers,
    ...testInstanceDefaults(),
    configFile,
    auditFile,
    watchConfig: { debounceMs: 30, pollMs: 1_000 },
    ...start,
  });
  return Object.assign(strangler, { dir: home, configFile, auditFile });
}

/** Admin API call with an optional bearer token; returns status, headers and parsed JSON. */
export async function adminCall(
  baseUrl: string,
  method: string,
  urlPath: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${urlPath}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  // The admin API answers arbitrary JSON; tests read into it field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
}
